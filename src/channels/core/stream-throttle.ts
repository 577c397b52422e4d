// Shows an answer while a language model writes it, without breaking the platforms' rate
// limits: the newest text wins, at most one send is in flight, and two sends are at least
// `intervalMs` apart. finish() stops it and waits for the send in flight (and the interval),
// so that the final answer, sent after it, is always the last edit and keeps the same pace.
// Used by streaming.ts for every channel that can edit a message it sent.

export interface StreamThrottleOptions {
  /** Least time between the starts of two sends. */
  intervalMs: number;
  /** Shows the text (the first call posts the message, later ones edit it). */
  send: (text: string) => Promise<unknown>;
  /** A failed send stops the stream (the final answer still goes out); this hears why. */
  onError?: (err: unknown) => void;
  now?: () => number;
}

export class StreamThrottle {
  private latest?: string;
  private shown?: string;
  private lastStart = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private failed = false;
  private sends = 0;
  private readonly now: () => number;

  constructor(private readonly opts: StreamThrottleOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** The answer so far; shown now, or at the next allowed moment if newer text has not replaced it. */
  push(text: string): void {
    if (this.closed || this.failed || !text) return;
    this.latest = text;
    this.schedule();
  }

  /** Sends started so far. */
  get sent(): number {
    return this.sends;
  }

  /**
   * Stops sending; resolves once the send in flight (if any) has finished and, when anything
   * was sent, the interval since the last send has passed: the caller's final edit then keeps
   * the same pace as the rest.
   */
  async finish(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    const wait = this.lastStart + this.opts.intervalMs - this.now();
    if (this.sends > 0 && !this.failed && wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  private schedule(): void {
    if (this.inFlight || this.timer || this.closed || this.failed) return;
    if (this.latest === undefined || this.latest === this.shown) return;
    const wait = this.lastStart + this.opts.intervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      return;
    }
    const text = this.latest;
    this.lastStart = this.now();
    this.sends++;
    this.inFlight = (async () => {
      try {
        await this.opts.send(text);
        this.shown = text;
      } catch (err) {
        this.failed = true;
        this.opts.onError?.(err);
      }
    })().finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
  }
}
