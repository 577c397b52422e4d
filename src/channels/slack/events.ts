// Events API: an @mention is answered in its thread, a direct message in the DM.
// Bolt acks events before listeners run; the answer runs in the background (InFlight).
import type { App } from "@slack/bolt";
import type { SlackMessage } from "../../format/slack-blocks.js";
import type { Conversation, ReplyTarget } from "./conversation.js";
import type { PostEditable } from "./streaming.js";
import type { InFlight } from "./in-flight.js";
import { questionFromSlackText } from "./question-text.js";

const WORKING_REACTION = "eyes";

export function registerEvents(app: App, conversation: Conversation, inFlight: InFlight): void {
  app.event("app_mention", async ({ event, client, context }) => {
    // Bots, edits and other subtypes are not questions.
    if (event.subtype || event.bot_id || event.edited || !event.user) return;
    const { channel, ts, user } = event;
    const thread_ts = event.thread_ts ?? ts;
    const post = (m: SlackMessage) => client.chat.postMessage({ channel, thread_ts, ...m, unfurl_links: false });
    const target: ReplyTarget = {
      visible: post,
      private: (m) => client.chat.postEphemeral({ channel, user, thread_ts, ...m }),
      working: () => client.reactions.add({ channel, timestamp: ts, name: WORKING_REACTION }),
      editable: editable(client, channel, post),
    };
    const text = questionFromSlackText(event.text, context.botUserId);
    // One thread's questions are answered in the order asked.
    inFlight.run(() => conversation.handle({ user, channel, text }, target), `${channel}:${thread_ts}`);
  });

  app.event("message", async ({ event, client, context }) => {
    if (event.subtype !== undefined || event.channel_type !== "im" || event.bot_id) return;
    const { channel, ts, user } = event;
    const thread_ts = event.thread_ts; // stay in a DM thread if the user started one
    const post = (m: SlackMessage) => client.chat.postMessage({ channel, thread_ts, ...m, unfurl_links: false });
    // In a DM everything is private already.
    const target: ReplyTarget = {
      visible: post,
      private: post,
      working: () => client.reactions.add({ channel, timestamp: ts, name: WORKING_REACTION }),
      editable: editable(client, channel, post),
    };
    const text = questionFromSlackText(event.text, context.botUserId);
    // One DM's (or DM thread's) questions are answered in the order asked.
    inFlight.run(() => conversation.handle({ user, channel, text }, target), `${channel}:${thread_ts ?? ""}`);
  });
}

/** Posts with `post`, then changes that message with chat.update (a streaming answer). */
function editable(client: App["client"], channel: string, post: (m: SlackMessage) => Promise<{ ts?: string }>): PostEditable {
  return async (first) => {
    const { ts } = await post(first);
    if (!ts) throw new Error("chat.postMessage returned no ts");
    return (m) => client.chat.update({ channel, ts, ...m });
  };
}
