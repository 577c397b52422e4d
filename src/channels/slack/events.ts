// Events API: an @mention is answered in its thread, a direct message in the DM.
// Bolt acks events before listeners run; the answer runs in the background (InFlight).
import type { App } from "@slack/bolt";
import type { SlackMessage } from "../../format/slack-blocks.js";
import type { Conversation, ReplyTarget } from "./conversation.js";
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
    };
    const text = questionFromSlackText(event.text, context.botUserId);
    inFlight.run(() => conversation.handle({ user, channel, text }, target));
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
    };
    const text = questionFromSlackText(event.text, context.botUserId);
    inFlight.run(() => conversation.handle({ user, channel, text }, target));
  });
}
