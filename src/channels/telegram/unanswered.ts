// Long polling confirms updates to Telegram by asking for the next ones: getUpdates with an offset
// above an update's id confirms it, and Telegram forgets it. telegraf asks again as soon as its
// handlers return, and planbot's handlers only queue the answer (core/keyed-queue.ts), so an update was
// confirmed long before it was answered, and a process that died in between (kill -9, a crash, a
// drain cut short) lost it for good.
//
// Here the offset telegraf sends is held back to the oldest update not yet answered: whatever was
// fetched and not answered is fetched again, by this process or by the next one after a crash
// (at least once: an answer sent just before a crash can be sent again). Updates fetched again
// while still being answered are kept from telegraf; when a poll brings nothing new, the next one
// waits for an answer to finish (at most REPOLL_MS), so polling does not spin while answers run.
import type { Context, MiddlewareFn, Telegram } from "telegraf";
import type { Update } from "telegraf/types";

/** Longest pause before polling again when a poll brought only updates already being answered. */
export const REPOLL_MS = 500;

type CallApi = Telegram["callApi"];

export class UnansweredUpdates {
  /** Fetched and not finished yet. */
  private readonly pending = new Set<number>();
  /** Fetched ids at or above the oldest pending one: what a poll may bring again. */
  private readonly seen = new Set<number>();
  /** One more than the highest id fetched. */
  private next = 0;
  private readonly work = new Map<number, Promise<unknown>[]>();
  private finished = new Set<() => void>();
  private confirmCall?: CallApi;

  /** `onAnswered` runs when an update's work is done, before its offset may be confirmed. */
  constructor(private readonly onAnswered?: (updateId: number) => Promise<void>) {}

  /** Fetched updates not answered yet. */
  get size(): number {
    return this.pending.size;
  }

  /** The offset that confirms every answered update and none that is not. */
  get offset(): number {
    let min = this.next;
    for (const id of this.pending) min = Math.min(min, id);
    return min;
  }

  /** Holds back the offset of telegraf's long polls (call after limitCallTime). */
  interceptPolling(telegram: Telegram): void {
    const call = telegram.callApi.bind(telegram) as CallApi;
    this.confirmCall = call;
    const intercepted = async (method: string, payload: Record<string, unknown> = {}, opts: { signal?: AbortSignal } = {}) => {
      if (method !== "getUpdates") return call(method as never, payload as never, opts as never);
      const sent = { ...payload, offset: Math.min(Number(payload.offset ?? 0), this.offset) };
      const updates = (await call("getUpdates", sent as never, opts as never)) as Update[];
      // telegraf's last call when its loop ends (offset sync, no long-poll timeout): nothing is handled.
      if (payload.timeout === undefined) return updates;
      const fresh = updates.filter((u) => !this.seen.has(u.update_id));
      for (const u of fresh) this.fetched(u.update_id);
      if (fresh.length === 0 && updates.length > 0) await this.someFinished(opts.signal);
      return fresh;
    };
    telegram.callApi = intercepted as CallApi;
  }

  /** First in the middleware chain: an update is finished when all work queued for it is done. */
  middleware(): MiddlewareFn<Context> {
    return async (ctx, next) => {
      const id = ctx.update.update_id;
      try {
        await next();
      } finally {
        const work = this.work.get(id) ?? [];
        this.work.delete(id);
        void Promise.allSettled(work)
          .then(() => this.onAnswered?.(id))
          .catch(() => undefined) // only a memo against answering twice: it failing loses nothing
          .finally(() => this.finish(id));
      }
    };
  }

  /** Records what answering an update takes (a handler's queued reply); returns it unchanged. */
  track<T>(ctx: Context, work: Promise<T> | undefined): Promise<T> | undefined {
    if (work) {
      const id = ctx.update.update_id;
      this.work.set(id, [...(this.work.get(id) ?? []), work]);
    }
    return work;
  }

  /**
   * Confirms to Telegram what was answered (after the last poll and the drain), so the next start
   * is not sent it again; anything unanswered stays with Telegram.
   */
  async confirm(): Promise<void> {
    if (!this.confirmCall || this.next === 0) return;
    await this.confirmCall("getUpdates", { offset: this.offset, limit: 1, timeout: 0 } as never);
  }

  private fetched(id: number): void {
    this.pending.add(id);
    this.seen.add(id);
    this.next = Math.max(this.next, id + 1);
  }

  private finish(id: number): void {
    if (!this.pending.delete(id)) return;
    const floor = this.offset;
    for (const s of this.seen) if (s < floor) this.seen.delete(s);
    const waiting = this.finished;
    this.finished = new Set();
    for (const wake of waiting) wake();
  }

  private someFinished(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.finished.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, REPOLL_MS);
      this.finished.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
