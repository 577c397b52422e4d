// Answers run after Slack has been acked; this keeps track of them so stop() can let them finish.

export class InFlight {
  private readonly tasks = new Set<Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  get size(): number {
    return this.tasks.size;
  }

  /** Starts a task without awaiting it; its errors go to `onError`, never to the caller. */
  run(task: () => Promise<void>): void {
    const p: Promise<void> = Promise.resolve()
      .then(task)
      .catch(this.onError)
      .finally(() => this.tasks.delete(p));
    this.tasks.add(p);
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
