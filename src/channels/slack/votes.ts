// 👍 / 👎 under an answer: ack, record the vote through the core (once per answer), thank the
// user in place of the buttons.
import type { App, BlockButtonAction } from "@slack/bolt";
import type { Vote } from "../../feedback.js";
import { decodeVoteValue, replaceFeedbackButtons, type SlackMessage, VOTE_ACTION_IDS } from "../../format/slack-blocks.js";
import type { Logger } from "../../log.js";
import type { Conversation } from "../core/conversation.js";
import * as texts from "./texts.js";

export function registerVotes(app: App, conversation: Conversation<SlackMessage>, log: Logger): void {
  for (const [vote, actionId] of Object.entries(VOTE_ACTION_IDS) as [Vote, string][]) {
    app.action<BlockButtonAction>({ type: "block_actions", action_id: actionId }, async ({ ack, body, action, client, respond }) => {
      await ack();
      void conversation.later(undefined, async () => {
        // The buttons carry the question and answer, so any replica can record the vote.
        const voted = decodeVoteValue(action.value);
        if (!voted) {
          log.warn("slack: a vote button carried no readable value", { actionId });
          return;
        }
        const message = body.message;
        const outcome = await conversation.vote({
          conversation: body.channel?.id ?? "",
          // An ephemeral answer comes without its message: every press counts there.
          messageId: message?.ts ?? action.action_ts,
          vote,
          who: body.user.id,
          shown: { question: voted.question, answer: voted.answer },
        });
        if (outcome === "failed") return;
        const thanks = texts.thanks(body.user.id, vote);
        if (message && body.channel) {
          const blocks = replaceFeedbackButtons(message.blocks as unknown[] | undefined, thanks);
          try {
            await client.chat.update({ channel: body.channel.id, ts: message.ts, text: message.text ?? thanks, blocks });
            return;
          } catch (err) {
            // e.g. an /ask answer posted through response_url: the bot cannot edit it, Slack can.
            log.debug("slack: chat.update failed, replacing through response_url", { error: err });
            await respond({ replace_original: true, text: message.text ?? thanks, blocks });
            return;
          }
        }
        // Ephemeral messages come without their content: thank the user in a new one.
        await respond({ response_type: "ephemeral", replace_original: false, text: thanks });
      });
    });
  }
}
