// A Slack answer shown while the language model writes it: the first text posts the message,
// later text updates it (chat.update, throttled well inside Slack's limits), and the final
// answer, with its sources and buttons, replaces it at the end.
import { escapeDocumentMrkdwn, mrkdwnMessage, type SlackMessage } from "../../format/slack-blocks.js";
import type { Logger } from "../../log.js";
import { StreamThrottle } from "../stream-throttle.js";

/** chat.update is a Tier 3 method (about 50 a minute); one update every 1.2 s stays well inside. */
export const SLACK_STREAM_INTERVAL_MS = 1200;

/** Posts a message that can be changed later; resolves to the function that changes it. */
export type PostEditable = (msg: SlackMessage) => Promise<(msg: SlackMessage) => Promise<unknown>>;

export function streamingMessage(text: string): SlackMessage {
  return mrkdwnMessage(`${escapeDocumentMrkdwn(text)} _…_`);
}

export class SlackStreamingReply {
  private update?: (msg: SlackMessage) => Promise<unknown>;
  private readonly throttle: StreamThrottle;

  constructor(
    postEditable: PostEditable,
    private readonly log: Logger,
    intervalMs = SLACK_STREAM_INTERVAL_MS,
  ) {
    this.throttle = new StreamThrottle({
      intervalMs,
      send: async (text) => {
        const msg = streamingMessage(text);
        if (this.update) await this.update(msg);
        else this.update = await postEditable(msg);
      },
      onError: (err) => log.warn("slack: could not show the answer so far; the full answer follows", { error: err }),
    });
  }

  /** For the QaService's onPartial. */
  readonly push = (text: string): void => this.throttle.push(text);

  /** The final messages: the streamed message becomes the first of them, the rest are posted. */
  async finish(msgs: SlackMessage[], post: (msg: SlackMessage) => Promise<unknown>): Promise<void> {
    await this.throttle.finish();
    const [first, ...rest] = msgs;
    if (!first) return;
    const update = this.update;
    // The streamed message is replaced once; anything after (an apology) is a new message.
    this.update = undefined;
    if (update) {
      try {
        await update(first);
      } catch (err) {
        this.log.warn("slack: could not replace the streamed message; posting the answer anew", { error: err });
        await post(first);
      }
    } else {
      await post(first);
    }
    for (const m of rest) await post(m);
  }
}
