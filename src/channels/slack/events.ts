// Events API: an @mention is answered in its thread, a direct message in the DM. Bolt acks
// events before listeners run; the core answers in the background, a thread's (a DM's)
// questions in the order asked.
import type { App } from "@slack/bolt";
import type { SlackMessage } from "../../format/slack-blocks.js";
import type { Language } from "../../text/language.js";
import type { Conversation, Reply } from "../core/conversation.js";
import type { IncomingFile } from "../core/documents.js";
import type { Drafts } from "../core/streaming.js";
import { answerConversation, slackAsker, slackRequest } from "./asker.js";
import { questionFromSlackText } from "./question-text.js";
import { streamingMessage } from "./texts.js";
import type { SharedFile } from "./upload.js";

const WORKING_REACTION = "eyes";

/** chat.update is a Tier 3 method (about 50 a minute); one update every 1.2 s stays well inside. */
export const SLACK_STREAM_INTERVAL_MS = 1200;

type Posted = { ts?: string };

export interface EventOptions {
  userLanguage?: (user: string) => Promise<Language>;
  /** Least time between two updates of a streaming answer (default SLACK_STREAM_INTERVAL_MS). */
  streamIntervalMs?: number;
  /** A file shared in a DM as the core's upload (see upload.ts); none: files are not taken. */
  upload?: (client: App["client"], file: SharedFile) => IncomingFile;
}

export function registerEvents(app: App, conversation: Conversation<SlackMessage>, opts: EventOptions = {}): void {
  /** Who asks, and where the replies to the event go. */
  const replyingTo = (
    event: { channel: string; user: string; ts: string; text?: string },
    thread_ts: string | undefined,
    client: App["client"],
    botUserId: string | undefined,
    privately: "ephemeral" | "dm",
  ) => {
    const { channel, ts, user } = event;
    const post = (m: SlackMessage): Promise<Posted> => client.chat.postMessage({ channel, thread_ts, ...m, unfurl_links: false });
    const reply: Reply<SlackMessage, Posted> = {
      send: post,
      // In a DM everything is private already.
      sendPrivately: privately === "dm" ? post : (m) => client.chat.postEphemeral({ channel, user, thread_ts, ...m }),
      working: () => void client.reactions.add({ channel, timestamp: ts, name: WORKING_REACTION }).catch(() => undefined),
      drafts: drafts(client, channel, post, opts.streamIntervalMs),
      // Answers are remembered by their ts, for votes and "Show in context".
      messageId: (sent) => sent.ts ?? "",
    };
    const q = { user, channel, text: questionFromSlackText(event.text, botUserId) };
    return { q, asker: slackAsker(q, answerConversation(channel, thread_ts), opts.userLanguage), reply };
  };
  const receive = (...args: Parameters<typeof replyingTo>) => {
    const { q, asker, reply } = replyingTo(...args);
    void conversation.receive(slackRequest(q), asker, reply);
  };

  app.event("app_mention", async ({ event, client, context }) => {
    // Bots, edits and other subtypes are not questions.
    if (event.subtype || event.bot_id || event.edited || !event.user) return;
    receive({ ...event, user: event.user }, event.thread_ts ?? event.ts, client, context.botUserId, "ephemeral");
  });

  app.event("message", async ({ event, client, context }) => {
    // A file sent in a DM: an admin adding a document (the core refuses anyone else).
    if (event.subtype === "file_share" && event.channel_type === "im" && opts.upload) {
      const { asker, reply } = replyingTo(event, event.thread_ts, client, context.botUserId, "dm");
      for (const file of event.files ?? []) void conversation.receiveFile(opts.upload(client, file), asker, reply);
      return;
    }
    if (event.subtype !== undefined || event.channel_type !== "im" || event.bot_id) return;
    // Stay in a DM thread if the user started one.
    receive(event, event.thread_ts, client, context.botUserId, "dm");
  });
}

/** Posts the first draft, then changes that message with chat.update. */
function drafts(client: App["client"], channel: string, post: (m: SlackMessage) => Promise<Posted>, intervalMs = SLACK_STREAM_INTERVAL_MS): Drafts<SlackMessage, Posted> {
  const update = async (draft: Posted, m: SlackMessage) => {
    if (!draft.ts) throw new Error("chat.postMessage returned no ts");
    await client.chat.update({ channel, ts: draft.ts, ...m });
    return draft;
  };
  return {
    intervalMs,
    show: (text, draft) => (draft ? update(draft, streamingMessage(text)) : post(streamingMessage(text))),
    replace: update,
  };
}
