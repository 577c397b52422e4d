// 👍 / 👎 under an answer: ack, record one line in the shared feedback file, thank the user.
import type { App, BlockButtonAction } from "@slack/bolt";
import type { FeedbackStore, Vote } from "../../feedback.js";
import { decodeVoteValue, replaceFeedbackButtons, VOTE_ACTION_IDS } from "../../format/slack-blocks.js";
import type { Logger } from "../../log.js";
import type { InFlight } from "./in-flight.js";
import * as texts from "./texts.js";

export function registerVotes(app: App, feedback: FeedbackStore, inFlight: InFlight, log: Logger): void {
  for (const [vote, actionId] of Object.entries(VOTE_ACTION_IDS) as [Vote, string][]) {
    app.action<BlockButtonAction>({ type: "block_actions", action_id: actionId }, async ({ ack, body, action, client, respond }) => {
      await ack();
      inFlight.run(async () => {
        const voted = decodeVoteValue(action.value);
        if (!voted) {
          log.warn("slack: a vote button carried no readable value", { actionId });
          return;
        }
        await feedback.record({ channel: "slack", who: body.user.id, question: voted.question, answer: voted.answer, vote });
        const thanks = texts.thanks(body.user.id, vote);
        const message = body.message;
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
