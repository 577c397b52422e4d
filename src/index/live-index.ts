// Zero-downtime index reload. The process serves one opened index version at a time and polls
// for a newly published one (the folder's symlink swap, Postgres's pointer row). A new version is
// opened beside the served one, then swapped in: a question takes the version that is current
// when it starts and holds it until it ends, so questions in flight finish on the old version
// while new ones use the new one, and nothing waits or is refused in between. The old version is
// released (closed, its memory left to the collector) when its last question ends. A version that
// fails to open is logged once and ignored; the served one keeps answering.
import type { Logger } from "../log.js";

export interface Served<T> {
  /** The version's id (folder name or Postgres version number). */
  readonly id: string;
  readonly value: T;
}

export interface LiveIndexOptions<T> {
  first: Served<T>;
  /** The id of the version published now (cheap: a realpath or one row), undefined when none. */
  published: () => Promise<string | undefined>;
  /** Opens the version published now (it may be newer than the one `published` saw). */
  open: () => Promise<Served<T>>;
  /** Releases a version no question uses any more. */
  release: (value: T) => Promise<void>;
  log: Logger;
  /** Time between two looks at the published version; 0 = only when check() is called. */
  pollMs: number;
  /** Called after a swap, with the version now served. */
  onSwap?: (served: Served<T>) => void;
}

interface Slot<T> extends Served<T> {
  users: number;
  retired: boolean;
}

export class LiveIndex<T> {
  private current: Slot<T>;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  /** A published version that failed to open: not tried again until another one is published. */
  private failed?: string;
  private closed = false;
  /** The published version could not be read at the last look (logged once, until it can again). */
  private blind = false;
  /** Versions swapped in since start. */
  reloads = 0;

  constructor(private readonly o: LiveIndexOptions<T>) {
    this.current = { ...o.first, users: 0, retired: false };
  }

  /** The version new questions get. */
  get served(): Served<T> {
    return this.current;
  }

  /** Runs `fn` on the current version, which stays open until `fn` settles. */
  async use<R>(fn: (value: T, id: string) => Promise<R>): Promise<R> {
    const slot = this.current;
    slot.users++;
    try {
      return await fn(slot.value, slot.id);
    } finally {
      slot.users--;
      if (slot.retired && slot.users === 0) this.releaseSlot(slot);
    }
  }

  /** Starts polling for new versions. */
  start(): void {
    if (this.o.pollMs <= 0 || this.timer) return;
    const tick = () => {
      this.timer = setTimeout(() => void this.check().finally(() => !this.closed && tick()), this.o.pollMs);
      this.timer.unref();
    };
    tick();
  }

  /** Looks for a new version now and swaps it in when there is one (calls in flight are joined). */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    if (this.closed) return;
    let published: string | undefined;
    try {
      published = await this.o.published();
    } catch (err) {
      if (!this.blind) this.o.log.warn("index reload: cannot read the published version; still serving the current one", { version: this.current.id, error: err });
      this.blind = true;
      return;
    }
    if (this.blind) this.o.log.info("index reload: the published version can be read again");
    this.blind = false;
    if (published === undefined || published === this.current.id || published === this.failed) return;
    let next: Served<T>;
    try {
      next = await this.o.open();
    } catch (err) {
      this.failed = published;
      this.o.log.error(`index reload: version ${published} could not be opened; still serving ${this.current.id}`, { error: err });
      return;
    }
    if (this.closed || next.id === this.current.id) {
      await this.o.release(next.value);
      return;
    }
    const old = this.current;
    this.current = { ...next, users: 0, retired: false };
    this.failed = undefined;
    this.reloads++;
    old.retired = true;
    if (old.users === 0) this.releaseSlot(old);
    this.o.log.info(`index reload: now serving version ${next.id} (was ${old.id}${old.users ? `, ${old.users} question(s) finishing on it` : ""})`);
    this.o.onSwap?.(next);
  }

  private releaseSlot(slot: Slot<T>): void {
    this.o.release(slot.value).catch((err: unknown) => this.o.log.warn(`index reload: closing version ${slot.id} failed`, { error: err }));
  }

  /** Stops polling and releases the current version (after its questions end). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.checking;
    this.current.retired = true;
    if (this.current.users === 0) await this.o.release(this.current.value);
  }
}
