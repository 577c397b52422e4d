// One ingest at a time in this process. The watcher, an admin's upload and a forced rebuild all
// ask here; a request made while an ingest runs is served by the next one (which then sees the
// latest files), and requests made meanwhile share it. Across replicas the store's lock (the
// Postgres lease, the folder's lock file) lets one ingest at a time: the others get IndexLockedError.
import type { IngestReport } from "./pipeline.js";

export type IngestFn = (opts: { force: boolean }) => Promise<IngestReport>;

interface Queued {
  force: boolean;
  done: Promise<IngestReport>;
}

export class IngestRunner {
  private running?: Promise<unknown>;
  private queued?: Queued;

  constructor(
    private readonly ingest: IngestFn,
    /** After each successful ingest (e.g. swap in the new version at once). */
    private readonly after?: (report: IngestReport) => Promise<void>,
  ) {}

  /** An ingest that starts after this call; `force` rebuilds every vector even when nothing changed. */
  run(opts: { force?: boolean } = {}): Promise<IngestReport> {
    if (this.queued) {
      this.queued.force ||= Boolean(opts.force);
      return this.queued.done;
    }
    const queued: Queued = { force: Boolean(opts.force), done: undefined as unknown as Promise<IngestReport> };
    const previous = this.running ?? Promise.resolve();
    queued.done = previous
      .catch(() => undefined)
      .then(async () => {
        this.queued = undefined;
        const report = await this.ingest({ force: queued.force });
        await this.after?.(report);
        return report;
      });
    this.queued = queued;
    this.running = queued.done;
    return queued.done;
  }

  /** Resolves when no ingest runs or waits. */
  async idle(): Promise<void> {
    while (this.running) {
      const r = this.running;
      await r.catch(() => undefined);
      if (this.running === r) this.running = undefined;
    }
  }
}
