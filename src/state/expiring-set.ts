// A bounded set whose entries expire: in-process de-duplication (Slack event ids, Telegram
// update ids) that remembers long enough for a platform's retries, and never grows past `max`.

export class ExpiringSet {
  /** Key → when it expires. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `key` is there and not yet expired. */
  has(key: string): boolean {
    const until = this.seen.get(key);
    return until !== undefined && this.now() < until;
  }

  /** Adds `key` for `ttlMs` (default: the set's); false when it was already there and not yet expired. */
  add(key: string, ttlMs = this.ttlMs): boolean {
    const t = this.now();
    const until = this.seen.get(key);
    if (until !== undefined && t < until) return false;
    this.seen.delete(key);
    this.seen.set(key, t + ttlMs);
    // Map keeps insertion order, so the oldest entries are first (with one time to live, also the
    // first to expire; with several, a longer-lived one may keep a shorter one behind it a while).
    for (const [k, v] of this.seen) {
      if (this.seen.size <= this.max && t < v) break;
      this.seen.delete(k);
    }
    return true;
  }
}
