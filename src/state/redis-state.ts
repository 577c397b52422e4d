// The shared state in Redis (REDIS_URL), so that N replicas behave as one bot. Every operation is
// one atomic command, script or transaction: SET NX PX for claims and locks, a sliding window
// over a sorted set (a Lua script, on Redis's clock) for rate limits, RPUSH + LTRIM + PEXPIRE
// for conversation memory.
//
// Redis going away must not lose a question: commands fail fast (no offline queue, a short
// timeout), the operation is done in this replica's memory instead, and one warning says so until
// Redis answers again. Only start-up insists: an unreachable Redis there is a NotReadyError.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "../log.js";
import { NotReadyError } from "../ops/not-ready.js";
import { MemoryState } from "./memory-state.js";
import type { HeldLock, RateVerdict, SharedState } from "./shared-state.js";

// KEYS[1] sorted set of hits (score = time in ms); ARGV: window ms, limit, a unique member.
// Same rule as RateLimiter.take: hits older than the window fall out; a refusal is not counted.
const TAKE = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, window - (now - tonumber(oldest[2]))}
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
`;

// Only the holder (the token) may extend or delete a lock.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

interface Scripts {
  planbotTake(key: string, windowMs: number, limit: number, member: string): Promise<[number, number]>;
  planbotRenew(key: string, token: string, ttlMs: number): Promise<number>;
  planbotRelease(key: string, token: string): Promise<number>;
}

export interface RedisStateOptions {
  url: string;
  /** host:port, for messages (the URL may hold a password). */
  address: string;
  /** Put before every key. */
  prefix: string;
  log: Logger;
  /** Longest wait for one command before this replica's memory stands in (default 1 s). */
  commandTimeoutMs?: number;
  /** Longest wait for Redis at start (default 5 s). */
  connectTimeoutMs?: number;
}

export class RedisState implements SharedState {
  readonly kind = "redis";
  /** Stands in while Redis does not answer: the bot then behaves as one replica, not as none. */
  private readonly local = new MemoryState();
  private down = false;

  private constructor(
    private readonly redis: Redis & Scripts,
    private readonly opts: RedisStateOptions,
  ) {}

  /** Connects and checks that Redis answers; a NotReadyError naming host:port when it does not. */
  static async connect(opts: RedisStateOptions): Promise<RedisState> {
    const redis = new Redis(opts.url, {
      lazyConnect: true,
      // A question never waits for Redis to come back: while it is away commands fail at once
      // (no offline queue, no resending), a slow one after commandTimeout...
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: opts.commandTimeoutMs ?? 1_000,
      connectTimeout: 2_000,
      // ...and the client keeps reconnecting in the background.
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
      connectionName: "planbot",
    }) as Redis & Scripts;
    redis.defineCommand("planbotTake", { numberOfKeys: 1, lua: TAKE });
    redis.defineCommand("planbotRenew", { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand("planbotRelease", { numberOfKeys: 1, lua: RELEASE });

    // connect() rejects with a bare "Connection is closed."; the reason comes as an error event.
    let reason: unknown;
    const remember = (err: unknown) => (reason = err);
    redis.on("error", remember);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeoutMs = opts.connectTimeoutMs ?? 5_000;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      });
      await Promise.race([redis.connect().then(() => redis.ping()), timeout]);
    } catch (err) {
      redis.disconnect();
      throw new NotReadyError(
        `Redis at ${opts.address} (REDIS_URL) does not answer: ${opts.log.redact(messageOf(reason ?? err))}. ` +
          "Start it or fix REDIS_URL; without REDIS_URL planbot keeps its state in this process.",
      );
    } finally {
      clearTimeout(timer);
      redis.off("error", remember);
    }
    const state = new RedisState(redis, opts);
    // Without a listener ioredis prints every reconnection error to the console.
    redis.on("error", (err: unknown) => state.failed(err));
    redis.on("ready", () => state.answered());
    opts.log.info("redis: connected; rate limits, de-duplication and conversation memory are shared", { redis: opts.address });
    return state;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.attempt(
      async () => (await this.redis.set(this.key(key), "1", "PX", ttlMs, "NX")) === "OK",
      () => this.local.claim(key, ttlMs),
    );
  }

  async claimed(key: string): Promise<boolean> {
    return this.attempt(
      async () => (await this.redis.exists(this.key(key))) === 1,
      () => this.local.claimed(key),
    );
  }

  async take(key: string, limit: number, windowMs: number): Promise<RateVerdict> {
    if (limit <= 0) return { allowed: true, retryAfterMs: 0 };
    return this.attempt(
      async () => {
        const [allowed, retryAfterMs] = await this.redis.planbotTake(this.key(key), windowMs, limit, randomUUID());
        return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs) };
      },
      () => this.local.take(key, limit, windowMs),
    );
  }

  async append(key: string, item: string, maxItems: number, ttlMs: number): Promise<void> {
    const k = this.key(key);
    return this.attempt(
      async () => {
        const results = await this.redis.multi().rpush(k, item).ltrim(k, -maxItems, -1).pexpire(k, ttlMs).exec();
        if (!results) throw new Error("the transaction was aborted");
        for (const [err] of results) if (err) throw err;
      },
      () => this.local.append(key, item, maxItems, ttlMs),
    );
  }

  async list(key: string): Promise<string[]> {
    return this.attempt(
      () => this.redis.lrange(this.key(key), 0, -1),
      () => this.local.list(key),
    );
  }

  /** Taking a lock is a start-up step: when Redis does not answer, it fails (NotReadyError). */
  async lock(key: string, ttlMs: number): Promise<HeldLock | undefined> {
    const k = this.key(key);
    const token = randomUUID();
    const take = async () => (await this.redis.set(k, token, "PX", ttlMs, "NX")) === "OK";
    try {
      if (!(await take())) return undefined;
    } catch (err) {
      throw new NotReadyError(`Redis at ${this.opts.address} (REDIS_URL) does not answer: ${this.opts.log.redact(messageOf(err))}`);
    }
    return {
      renew: async () => {
        try {
          if ((await this.redis.planbotRenew(k, token, ttlMs)) === 1) return true;
          // Gone (it expired, or Redis restarted empty): take it back unless another holder did.
          return await take();
        } catch (err) {
          // Not known to be lost; Telegram itself refuses a second poller (409) meanwhile.
          this.failed(err);
          return true;
        }
      },
      release: async () => {
        try {
          await this.redis.planbotRelease(k, token);
        } catch (err) {
          this.failed(err); // it expires by itself
        }
      },
    };
  }

  async ping(): Promise<void> {
    try {
      await this.redis.ping();
      this.answered();
    } catch (err) {
      this.failed(err);
      throw new Error(`Redis at ${this.opts.address} does not answer PING (${this.opts.log.redact(messageOf(err))})`);
    }
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  private key(key: string): string {
    return this.opts.prefix + key;
  }

  private async attempt<T>(op: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await op();
    } catch (err) {
      this.failed(err);
      return fallback();
    }
    this.answered();
    return value;
  }

  /** One warning per outage, not one per question or reconnection attempt. */
  private failed(err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.opts.log.warn("redis: not answering; rate limits, de-duplication and conversation memory use this replica's memory until it is back", { redis: this.opts.address, error: messageOf(err) });
  }

  private answered(): void {
    if (!this.down) return;
    this.down = false;
    this.opts.log.info("redis: answering again; state is shared again", { redis: this.opts.address });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
