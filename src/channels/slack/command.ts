// The /ask slash command. Slack shows an error when a command is not acked within 3 s, so the
// ack goes out at once (carrying the hint/help/limit reply when that is all there is), and the
// answer follows through response_url.
import type { App } from "@slack/bolt";
import type { SlackMessage } from "../../format/slack-blocks.js";
import type { Conversation, ReplyTarget } from "./conversation.js";
import type { InFlight } from "./in-flight.js";
import { questionFromSlackText } from "./question-text.js";
import * as texts from "./texts.js";

export const ASK_COMMAND = "/ask";

export function registerAskCommand(
  app: App,
  conversation: Conversation,
  inFlight: InFlight,
  opts: { inChannel: boolean },
): void {
  app.command(ASK_COMMAND, async ({ command, ack, respond }) => {
    const q = { user: command.user_id, channel: command.channel_id, text: questionFromSlackText(command.text) };
    const t = await conversation.triage(q);
    if ("reply" in t) {
      await ack({ response_type: "ephemeral", ...t.reply });
      return;
    }
    await ack({ response_type: "ephemeral", ...texts.looking(t.ask) });
    const send = (responseType: "ephemeral" | "in_channel") => (m: SlackMessage) =>
      respond({ response_type: responseType, replace_original: false, ...m });
    const target: ReplyTarget = {
      visible: send(opts.inChannel ? "in_channel" : "ephemeral"),
      private: send("ephemeral"),
    };
    inFlight.run(() => conversation.answer(t.ask, q.channel, target, { askedBy: q.user }, q.user));
  });
}
