// 👍 / 👎 under an answer: ack, record the vote through the core (once per answer), thank the
// user in place of the buttons; after a 👎 a modal asks for an optional reason, which the core
// stores with what was answered.
import type { App, BlockButtonAction } from "@slack/bolt";
import type { Vote } from "../../feedback.js";
import { decodeVoteValue, replaceFeedbackButtons, shorten, type SlackMessage, VOTE_ACTION_IDS } from "../../format/slack-blocks.js";
import type { Logger } from "../../log.js";
import type { Conversation } from "../core/conversation.js";
import type { Voted } from "../core/votes.js";
import { answerConversation } from "./asker.js";
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
        const ballot = {
          conversation: answerConversation(body.channel?.id ?? "", message?.thread_ts),
          // An ephemeral answer comes without its message: every press counts there.
          messageId: message?.ts ?? action.action_ts,
          vote,
          who: body.user.id,
          shown: { question: voted.question, answer: voted.answer },
        };
        const outcome = await conversation.vote(ballot);
        if (outcome === "failed") return;
        // The trigger is valid for 3 s: the modal opens before the message is updated.
        if (outcome === "thanks" && vote === "down") {
          await client.views
            .open({ trigger_id: body.trigger_id, view: texts.reasonModal(encodeReasonMetadata({ conversation: ballot.conversation, answerId: ballot.messageId, shown: ballot.shown })) })
            .catch((err: unknown) => log.warn("slack: could not open the reason modal", { error: err }));
        }
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

/** The modal's submission: the reason, stored by the core with the answer voted on. */
export function registerReasons(app: App, conversation: Conversation<SlackMessage>, log: Logger): void {
  app.view(texts.REASON.callbackId, async ({ ack, view, body }) => {
    await ack();
    const about = decodeReasonMetadata(view.private_metadata);
    const text = view.state.values[texts.REASON.blockId]?.[texts.REASON.actionId]?.value ?? "";
    if (!about) return void log.warn("slack: a reason came without the answer it is about");
    void conversation.later(undefined, () => conversation.giveReason({ ...about, who: body.user.id, text }));
  });
}

interface ReasonAbout {
  conversation: string;
  answerId: string;
  shown: Voted;
}

/** Which answer the modal is about, and what it showed (for a replica that does not remember it); within Slack's 3000 chars. */
function encodeReasonMetadata(about: { conversation: string; answerId: string | number; shown: Voted }): string {
  const base = { c: about.conversation, m: String(about.answerId), q: shorten(about.shown.question, 300) };
  const room = 2900 - JSON.stringify({ ...base, a: "" }).length;
  let a = shorten(about.shown.answer, Math.max(room, 1));
  // JSON escapes can lengthen the text: cut until it fits.
  while (a && JSON.stringify({ ...base, a }).length > 3000) a = shorten(a, Math.floor(a.length * 0.8));
  return JSON.stringify({ ...base, a });
}

function decodeReasonMetadata(raw: string): ReasonAbout | undefined {
  try {
    const v = JSON.parse(raw) as { c?: unknown; m?: unknown; q?: unknown; a?: unknown };
    if (typeof v.c !== "string" || typeof v.m !== "string" || typeof v.q !== "string" || typeof v.a !== "string") return undefined;
    return { conversation: v.c, answerId: v.m, shown: { question: v.q, answer: v.a } };
  } catch {
    return undefined;
  }
}
