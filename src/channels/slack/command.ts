// The /ask slash command. Slack shows an error when a command is not acked within 3 s, so the
// ack goes out at once (carrying the core's notice when that is all there is), and the answer
// follows through response_url.
import type { App } from "@slack/bolt";
import { answerToSlack, type SlackMessage } from "../../format/slack-blocks.js";
import type { Language } from "../../text/language.js";
import type { Conversation, Reply } from "../core/conversation.js";
import { slackAsker, slackRequest } from "./asker.js";
import { questionFromSlackText } from "./question-text.js";
import * as texts from "./texts.js";

export const ASK_COMMAND = "/ask";

export function registerAskCommand(app: App, conversation: Conversation<SlackMessage>, opts: { inChannel: boolean; userLanguage?: (user: string) => Promise<Language> }): void {
  app.command(ASK_COMMAND, async ({ command, ack, respond }) => {
    const q = { user: command.user_id, channel: command.channel_id, text: questionFromSlackText(command.text) };
    // Each /ask is its own conversation: its answer arrives through its own response_url.
    const asker = slackAsker(q, `${q.channel}:ask:${command.trigger_id}`, opts.userLanguage);
    const outcome = await conversation.triage(slackRequest(q), asker);
    if ("run" in outcome) {
      // Document work takes longer than the ack may: say it started, then send its result.
      await ack({ response_type: "ephemeral", ...texts.slackTexts.notice(outcome.pending)[0] });
      const done = async () => {
        for (const m of texts.slackTexts.notice(await conversation.settle(outcome.run))) await respond({ response_type: "ephemeral", replace_original: false, ...m });
      };
      void conversation.later(undefined, done);
      return;
    }
    if (!("ask" in outcome)) {
      const [notice] = "notice" in outcome ? texts.slackTexts.notice(outcome.notice) : [];
      await ack(notice ? { response_type: "ephemeral", ...notice } : undefined);
      return;
    }
    await ack({ response_type: "ephemeral", ...texts.looking(outcome.ask) });
    const send = (responseType: "ephemeral" | "in_channel") => (m: SlackMessage) => respond({ response_type: responseType, replace_original: false, ...m });
    const reply: Reply<SlackMessage> = {
      send: send(opts.inChannel ? "in_channel" : "ephemeral"),
      sendPrivately: send("ephemeral"),
      // The question is not visible in the channel: the answer says who asked.
      render: (answer) => answerToSlack(answer, { askedBy: q.user }),
    };
    void conversation.later(undefined, () => conversation.answer(outcome.ask, asker, reply));
  });
}
