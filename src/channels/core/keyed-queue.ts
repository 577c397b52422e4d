// Work for one conversation (a chat, a DM, a thread) runs in arrival order, so answers go out in
// the order asked; conversations run side by side. Adapters only enqueue, so a platform's
// delivery loop (telegraf's polling, which awaits every handler of a batch; a webhook response;
// bolt's ack) is never held up by an answer, and stop() can drain what is queued or running.
//
// Hand-written rather than p-queue: p-queue orders one queue, while this needs one queue per key
// created and dropped on the fly, and a drain over all of them with a deadline that also waits
// for work queued during the drain; around p-queue that is the same code plus a map of queues.

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();

  /** `onError` sees what a task throws; a failing task never stops the ones after it. */
  constructor(private readonly onError: (err: unknown) => void) {}

  /**
   * Queues `task` after the earlier ones with the same key (none: it starts at once); the promise
   * settles (never rejects) when it is done.
   */
  push(key: string | number | undefined, task: () => Promise<void>): Promise<void> {
    const k = key === undefined ? undefined : String(key);
    const prev = k === undefined ? undefined : this.tails.get(k);
    const done = (prev ?? Promise.resolve()).then(task).catch(this.onError);
    if (k !== undefined) this.tails.set(k, done);
    this.pending.add(done);
    void done.finally(() => {
      this.pending.delete(done);
      if (k !== undefined && this.tails.get(k) === done) this.tails.delete(k);
    });
    return done;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.pending.size;
  }

  /** Waits until every task (also ones queued meanwhile) is done; false when `timeoutMs` ran out. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.all(this.pending), timeout]);
      clearTimeout(timer);
    }
    return true;
  }
}
