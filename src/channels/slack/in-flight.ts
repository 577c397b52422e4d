// Answers run after Slack has been acked; this keeps track of them so stop() can let them finish.
// Tasks with the same key (a DM, a thread) run one after another in arrival order, so answers
// in one conversation come out in the order asked; different conversations run side by side.

export class InFlight {
  private readonly tasks = new Set<Promise<void>>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  get size(): number {
    return this.tasks.size;
  }

  /**
   * Starts a task without awaiting it; its errors go to `onError`, never to the caller. With a
   * `key`, it starts once the previous task with that key has finished.
   */
  run(task: () => Promise<void>, key?: string): void {
    const prev = key === undefined ? undefined : this.tails.get(key);
    const p: Promise<void> = (prev ?? Promise.resolve())
      .then(task)
      .catch(this.onError)
      .finally(() => {
        this.tasks.delete(p);
        if (key !== undefined && this.tails.get(key) === p) this.tails.delete(key);
      });
    this.tasks.add(p);
    if (key !== undefined) this.tails.set(key, p);
  }

  /** Waits for running tasks (and any they start) until none are left or `timeoutMs` passes. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.tasks.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.tasks]),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, left))),
      ]);
      clearTimeout(timer);
    }
    return true;
  }
}
