// "Show in context" under an answer: ack, then the core's passages in context, in the answer's
// thread (or, for an ephemeral answer, as an ephemeral message through response_url).
import type { App, BlockButtonAction } from "@slack/bolt";
import { CONTEXT_ACTION_ID, decodeContextValue, type SlackMessage } from "../../format/slack-blocks.js";
import type { Conversation, Reply } from "../core/conversation.js";
import { answerConversation } from "./asker.js";

export function registerContextButton(app: App, conversation: Conversation<SlackMessage>): void {
  app.action<BlockButtonAction>({ type: "block_actions", action_id: CONTEXT_ACTION_ID }, async ({ ack, body, action, client, respond }) => {
    await ack();
    const message = body.message;
    const channel = body.channel?.id;
    const reply: Reply<SlackMessage> = {
      send:
        message && channel
          ? (m) => client.chat.postMessage({ channel, thread_ts: message.thread_ts ?? message.ts, ...m, unfurl_links: false })
          : (m) => respond({ response_type: "ephemeral", replace_original: false, ...m }),
    };
    const at = { conversation: answerConversation(channel ?? "", message?.thread_ts), answerId: message?.ts ?? "", cited: decodeContextValue(action.value) };
    void conversation.later(undefined, () => conversation.showContext(at, reply));
  });
}
