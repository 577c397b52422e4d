// Work for one chat runs in arrival order (answers go out in the order asked); chats run side by
// side. Update handlers only enqueue, so telegraf's polling loop (which awaits every handler of a
// batch before the next getUpdates) and webhook responses are never held up by an answer.

export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();

  /** `onError` sees what a task throws; a failing task never stops the ones after it. */
  constructor(private readonly onError: (err: unknown) => void) {}

  /** Queues `task` after the chat's earlier ones; the promise settles (never rejects) when it is done. */
  push(chat: string | number, task: () => Promise<void>): Promise<void> {
    const key = String(chat);
    const prev = this.tails.get(key) ?? Promise.resolve();
    const done = prev.then(task).catch(this.onError);
    this.tails.set(key, done);
    this.pending.add(done);
    void done.finally(() => {
      this.pending.delete(done);
      if (this.tails.get(key) === done) this.tails.delete(key);
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
