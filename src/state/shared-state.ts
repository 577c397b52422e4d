// What replicas of planbot must agree on to behave as one bot: who already took an event
// (de-duplication), how many questions a user asked this minute, what a chat said lately, and
// who polls Telegram. In this process by default (memory-state.ts); in Redis when REDIS_URL is
// set (redis-state.ts). Callers name keys without a prefix; the store adds its own.

export interface RateVerdict {
  allowed: boolean;
  /** When refused: how long until the oldest counted hit leaves the window. */
  retryAfterMs: number;
}

/** A lock held with an owner token: only its holder can renew or release it. */
export interface HeldLock {
  /**
   * Extends the lock by its time to live. False only when it is known to be someone else's now
   * (it expired and was taken); a lock that expired untaken is taken back.
   */
  renew(): Promise<boolean>;
  /** Lets the lock go, if it is still ours. */
  release(): Promise<void>;
}

export interface SharedState {
  /** "memory": this process only; "redis": every replica pointing at the same Redis. */
  readonly kind: "memory" | "redis";

  /** True for the first caller of `key` within `ttlMs`, false for every later one. */
  claim(key: string, ttlMs: number): Promise<boolean>;

  /** Whether `key` was claimed and has not expired; claims nothing. */
  claimed(key: string): Promise<boolean>;

  /**
   * Sliding-window limit: counts a hit for `key` unless it already had `limit` hits in the last
   * `windowMs` (a refusal is not counted). A limit of 0 allows everything.
   */
  take(key: string, limit: number, windowMs: number): Promise<RateVerdict>;

  /** Appends to a list kept to its last `maxItems`, forgotten `ttlMs` after the last append. */
  append(key: string, item: string, maxItems: number, ttlMs: number): Promise<void>;

  /** The list, oldest first; [] when there is none. */
  list(key: string): Promise<string[]>;

  /** The lock, or undefined while someone else holds it. It expires after `ttlMs` unless renewed. */
  lock(key: string, ttlMs: number): Promise<HeldLock | undefined>;

  /** Resolves when the store answers; rejects with the reason otherwise (for /healthz). */
  ping(): Promise<void>;

  close(): Promise<void>;
}
