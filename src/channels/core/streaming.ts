// An answer shown while a language model writes it: the first text posts a draft, later text
// edits it (throttled inside the platform's limits), and the final answer replaces the draft
// (its first message; the rest are sent after it). Drafts are best effort: a failed draft stops
// the stream, never the answer, and a draft that cannot be replaced is sent anew.
import type { Logger } from "../../log.js";
import { StreamThrottle } from "./stream-throttle.js";

/** What a channel that can edit its messages gives the core to stream an answer. */
export interface Drafts<M, Sent> {
  /** Least time between two draft sends. */
  intervalMs: number;
  /** Longer text waits for the final answer (it would not fit one message). */
  maxChars?: number;
  /** Shows the text so far: posts it (`draft` undefined) or edits the draft; not retried. */
  show(text: string, draft: Sent | undefined): Promise<Sent>;
  /** Replaces the draft with a final message; resolves to the message now shown. */
  replace(draft: Sent, msg: M): Promise<Sent>;
}

/** Without drafts it only sends the final messages. */
export class StreamingReply<M, Sent> {
  private draft?: Sent;
  private readonly throttle?: StreamThrottle;

  constructor(
    private readonly drafts: Drafts<M, Sent> | undefined,
    /** Sends one final message (as a reply, in order). */
    private readonly send: (msg: M) => Promise<Sent>,
    private readonly log: Logger,
    private readonly channel: string,
  ) {
    if (!drafts) return;
    this.throttle = new StreamThrottle({
      intervalMs: drafts.intervalMs,
      send: async (text) => {
        this.draft = await drafts.show(text, this.draft);
      },
      onError: (err) => log.warn(`${channel}: could not show the answer so far; the full answer follows`, { error: err }),
    });
  }

  /** For the QaService's onPartial. */
  readonly push = (text: string): void => {
    if (text.length <= (this.drafts?.maxChars ?? Number.POSITIVE_INFINITY)) this.throttle?.push(text);
  };

  /** Sends the final messages, the first replacing the draft; resolves to the last one shown. */
  async finish(msgs: M[]): Promise<Sent | undefined> {
    await this.throttle?.finish();
    const draft = this.draft;
    // The draft is replaced once; anything after (an apology) is a new message.
    this.draft = undefined;
    const [first, ...rest] = msgs;
    if (first === undefined) return draft;
    let last: Sent;
    if (draft === undefined || !this.drafts) {
      last = await this.send(first);
    } else {
      try {
        last = await this.drafts.replace(draft, first);
      } catch (err) {
        this.log.warn(`${this.channel}: could not replace the streamed message; sending the answer anew`, { error: err });
        last = await this.send(first);
      }
    }
    for (const m of rest) last = await this.send(m);
    return last;
  }
}
