// Per-key sliding-window rate limit (e.g. 10 questions a minute per user), in memory: the
// store behind MemoryState.take; channels count questions through core/question-limit.ts.

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a hit for `key` and tells whether it is allowed. A limit of 0 disables limiting. */
  take(key: string): { allowed: boolean; retryAfterMs: number } {
    if (this.limit <= 0) return { allowed: true, retryAfterMs: 0 };
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((h) => t - h < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterMs: this.windowMs - (t - recent[0]!) };
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(t);
    return { allowed: true, retryAfterMs: 0 };
  }

  // Keeps memory bounded when many distinct users pass through.
  private prune(t: number): void {
    for (const [k, v] of this.hits) {
      if (v.every((h) => t - h >= this.windowMs)) this.hits.delete(k);
    }
  }
}
