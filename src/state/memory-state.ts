// The shared state of a single process: what planbot always did without Redis, built from the
// same in-memory pieces (ExpiringSet, RateLimiter) and bounded the same way. Also the fallback
// of the Redis state while Redis does not answer.
import { randomUUID } from "node:crypto";
import { RateLimiter } from "./rate-limiter.js";
import { ExpiringSet } from "./expiring-set.js";
import type { HeldLock, RateVerdict, SharedState } from "./shared-state.js";

/** Lists (chats) kept at once; the least recently appended go first. */
const MAX_LISTS = 10_000;
/** Claims kept at once (Slack events, Telegram updates, rate-limit notices), oldest dropped first. */
const MAX_CLAIMS = 50_000;

export class MemoryState implements SharedState {
  readonly kind = "memory";
  private readonly claims: ExpiringSet;
  // One limiter per limit and window (there are one or two).
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly lists = new Map<string, { items: string[]; expiresAt: number }>();
  private readonly locks = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {
    this.claims = new ExpiringSet(60_000, MAX_CLAIMS, now);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.claims.add(key, ttlMs);
  }

  async claimed(key: string): Promise<boolean> {
    return this.claims.has(key);
  }

  async take(key: string, limit: number, windowMs: number): Promise<RateVerdict> {
    const id = `${limit}/${windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) this.limiters.set(id, (limiter = new RateLimiter(limit, windowMs, this.now)));
    return limiter.take(key);
  }

  async append(key: string, item: string, maxItems: number, ttlMs: number): Promise<void> {
    const items = [...(await this.list(key)), item].slice(-maxItems);
    // Re-inserting moves the list to the end: Map order is least recently appended first.
    this.lists.delete(key);
    this.lists.set(key, { items, expiresAt: this.now() + ttlMs });
    while (this.lists.size > MAX_LISTS) this.lists.delete(this.lists.keys().next().value as string);
  }

  async list(key: string): Promise<string[]> {
    const entry = this.lists.get(key);
    if (!entry) return [];
    if (entry.expiresAt <= this.now()) {
      this.lists.delete(key);
      return [];
    }
    return [...entry.items];
  }

  async lock(key: string, ttlMs: number): Promise<HeldLock | undefined> {
    const token = randomUUID();
    const take = (): boolean => {
      const held = this.locks.get(key);
      if (held && held.token !== token && held.expiresAt > this.now()) return false;
      this.locks.set(key, { token, expiresAt: this.now() + ttlMs });
      return true;
    };
    if (!take()) return undefined;
    return {
      renew: async () => take(),
      release: async () => {
        if (this.locks.get(key)?.token === token) this.locks.delete(key);
      },
    };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
