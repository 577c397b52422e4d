// The shared state against a real redis-server: two RedisState connections are two replicas.
// The same contract runs against MemoryState (one process), so both implementations mean the
// same thing. Then: Redis killed mid-run (fallback, one warning, back when it is back), an
// unreachable or wrongly authenticated Redis at start, and the password in no log line.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeFor } from "../src/cli/exit.js";
import { loadConfig, secretsOf } from "../src/config.js";
import { SharedConversationMemory } from "../src/conversation/shared-memory.js";
import { createLogger, type Logger } from "../src/log.js";
import { NotReadyError } from "../src/ops/not-ready.js";
import { RateLimiter } from "../src/state/rate-limiter.js";
import { MemoryState } from "../src/state/memory-state.js";
import { RedisState } from "../src/state/redis-state.js";
import type { SharedState } from "../src/state/shared-state.js";
import { describeWithRedis, freePort, startRedis, type RedisServer } from "./helpers/redis-server.js";

// Not a real credential; shaped like a generated one so that only the configured value can hide it.
const PASSWORD = "test-redis-pass-Zx81-not-real";
const PREFIX = "planbot-test:";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let unique = 0;
const fresh = (name: string) => `${name}:${process.pid}:${++unique}`;

/** A logger NOT told the password: what it writes shows what planbot lets out. */
function capture(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: "debug", json: true, write: (l) => lines.push(l) }) };
}

function connect(server: RedisServer, log: Logger, prefix = PREFIX): Promise<RedisState> {
  return RedisState.connect({ url: server.url, address: `127.0.0.1:${server.port}`, prefix, log });
}

/** What every SharedState must do; `a` and `b` are two replicas (the same object for memory). */
function contract(replicas: () => [SharedState, SharedState]) {
  it("claims a key once across replicas, and again after it expires", async () => {
    const [a, b] = replicas();
    const key = fresh("claim");
    const both = await Promise.all([a.claim(key, 300), b.claim(key, 300)]);
    expect(both.sort()).toEqual([false, true]);
    expect(await a.claim(key, 300)).toBe(false);
    await sleep(350);
    expect(await b.claim(key, 300)).toBe(true);
  });

  it("counts a rate limit across replicas with RateLimiter.take's rule", async () => {
    const [a, b] = replicas();
    const key = fresh("rate");
    const window = 400;
    const reference = new RateLimiter(3, window);
    const got = [];
    for (const r of [a, b, a, b]) got.push(await r.take(key, 3, window));
    const want = [0, 1, 2, 3].map(() => reference.take("k"));
    expect(got.map((v) => v.allowed)).toEqual(want.map((v) => v.allowed)); // true, true, true, false
    expect(got[3]!.retryAfterMs).toBeGreaterThan(0);
    expect(got[3]!.retryAfterMs).toBeLessThanOrEqual(window);
    // A refusal is not counted: after the window, the user may ask again.
    expect((await b.take(key, 3, window)).allowed).toBe(false);
    await sleep(window + 30);
    expect((await a.take(key, 3, window)).allowed).toBe(true);
    // Limit 0: no limit.
    for (let i = 0; i < 5; i++) expect((await b.take(fresh("none"), 0, window)).allowed).toBe(true);
  });

  it("keeps lists bounded, shared and expiring", async () => {
    const [a, b] = replicas();
    const key = fresh("list");
    for (const item of ["1", "2", "3", "4", "5"]) await (item === "3" ? b : a).append(key, item, 4, 300);
    expect(await b.list(key)).toEqual(["2", "3", "4", "5"]);
    expect(await a.list(fresh("none"))).toEqual([]);
    await sleep(350);
    expect(await a.list(key)).toEqual([]);
  });

  it("gives a lock to one holder; it is free again after release or expiry", async () => {
    const [a, b] = replicas();
    const key = fresh("lock");
    const held = await a.lock(key, 300);
    expect(held).toBeDefined();
    expect(await b.lock(key, 300)).toBeUndefined();
    expect(await held!.renew()).toBe(true);
    await held!.release();
    const next = await b.lock(key, 300);
    expect(next).toBeDefined();
    expect(await a.lock(key, 300)).toBeUndefined();
    await sleep(350); // not renewed: it expires
    const third = await a.lock(key, 300);
    expect(third).toBeDefined();
    expect(await next!.renew()).toBe(false); // taken by another holder meanwhile
    await next!.release(); // not its own any more: a no-op
    expect(await b.lock(key, 300)).toBeUndefined();
    await third!.release();
  });

  it("shares conversation memory: the last turns, markers removed, forgotten after the TTL", async () => {
    const [a, b] = replicas();
    const chat = fresh("telegram:chat");
    const onA = new SharedConversationMemory(a, { maxTurns: 2, ttlMs: 300 });
    const onB = new SharedConversationMemory(b, { maxTurns: 2, ttlMs: 300 });
    await onA.add(chat, "q1", "first [1]");
    await onB.add(chat, "q2", "second [2]");
    await onA.add(chat, "q3", "third [1][2]");
    expect((await onB.recent(chat)).map((t) => [t.question, t.answer])).toEqual([
      ["q2", "second"],
      ["q3", "third"],
    ]);
    expect(await onA.recent(fresh("other"))).toEqual([]);
    await sleep(350);
    expect(await onB.recent(chat)).toEqual([]);
  });
}

describe("MemoryState (one process)", () => {
  const state = new MemoryState();
  contract(() => [state, state]);
});

describeWithRedis("RedisState (two replicas, one real redis-server)", () => {
  let server: RedisServer;
  let a: RedisState;
  let b: RedisState;
  let raw: Redis;
  const { log, lines } = capture();

  beforeAll(async () => {
    server = await startRedis({ password: PASSWORD });
    [a, b] = await Promise.all([connect(server, log), connect(server, log)]);
    raw = new Redis(server.url, { lazyConnect: true });
    await raw.connect();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), raw?.quit()]);
    await server?.stop("SIGKILL");
  });

  contract(() => [a, b]);

  it("keeps every key under its prefix, with a time to live", async () => {
    await a.claim("k", 60_000);
    await a.take("u", 5, 60_000);
    await a.append("l", "x", 4, 60_000);
    const keys = await raw.keys("*");
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k.startsWith(PREFIX), k).toBe(true);
      expect(await raw.pttl(k), k).toBeGreaterThan(0);
    }
  });

  it("answers ping, and never wrote the password to a log line", async () => {
    await a.ping();
    expect(lines.some((l) => l.includes("redis: connected"))).toBe(true);
    for (const l of lines) expect(l).not.toContain(PASSWORD);
  });
});

describeWithRedis("RedisState when Redis goes away and comes back", () => {
  let server: RedisServer;
  let state: RedisState;
  const { log, lines } = capture();

  beforeAll(async () => {
    server = await startRedis({ password: PASSWORD });
    state = await connect(server, log);
  });
  afterAll(async () => {
    await state?.close();
    await server?.stop("SIGKILL");
  });

  it("answers from this replica's memory with one warning, fails ping with host:port, and shares again once Redis is back", async () => {
    expect(await state.claim("before", 60_000)).toBe(true);
    await server.stop("SIGKILL");

    // Nothing is lost or thrown: the operations work in this replica's memory.
    expect(await state.claim("during", 60_000)).toBe(true);
    expect(await state.claim("during", 60_000)).toBe(false);
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push((await state.take("user", 2, 60_000)).allowed);
    expect(verdicts).toEqual([true, true, false]);
    await state.append("chat", "t1", 4, 60_000);
    expect(await state.list("chat")).toEqual(["t1"]);
    await expect(state.ping()).rejects.toThrow(`Redis at 127.0.0.1:${server.port} does not answer PING`);

    const warnings = lines.filter((l) => l.includes('"level":"warn"'));
    expect(warnings).toHaveLength(1); // one per outage, not one per operation or reconnection
    expect(warnings[0]).toContain("redis: not answering; rate limits, de-duplication and conversation memory use this replica's memory");
    expect(warnings[0]).toContain(`127.0.0.1:${server.port}`);

    await server.restart();
    // The client reconnects by itself (retry pauses of at most 2 s).
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        await state.ping();
        break;
      } catch (err) {
        if (Date.now() > end) throw err;
        await sleep(100);
      }
    }
    expect(lines.some((l) => l.includes("redis: answering again"))).toBe(true);
    // Shared again: a fresh Redis knows nothing of the outage's claims.
    expect(await state.claim("during", 60_000)).toBe(true);
    for (const l of lines) expect(l).not.toContain(PASSWORD);
  }, 30_000);
});

describeWithRedis("start-up with a Redis that cannot be used", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis({ password: PASSWORD });
  });
  afterAll(() => server?.stop("SIGKILL"));

  it("an unreachable REDIS_URL is a NotReadyError (exit 3) naming host:port, never the password", async () => {
    const port = await freePort();
    const { log, lines } = capture();
    const err = await RedisState.connect({ url: `redis://:${PASSWORD}@127.0.0.1:${port}`, address: `127.0.0.1:${port}`, prefix: PREFIX, log }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotReadyError);
    expect(exitCodeFor(err)).toBe(3);
    const message = (err as Error).message;
    expect(message).toContain(`Redis at 127.0.0.1:${port} (REDIS_URL) does not answer`);
    expect(message).toContain("ECONNREFUSED");
    expect(message).not.toContain(PASSWORD);
    expect(message.split("\n")).toHaveLength(1);
    for (const l of lines) expect(l).not.toContain(PASSWORD);
  });

  it("a wrong password is a NotReadyError too, without either password", async () => {
    const wrong = "wrong-pass-Qq77-not-real";
    const err = await RedisState.connect({ url: `redis://:${wrong}@127.0.0.1:${server.port}`, address: `127.0.0.1:${server.port}`, prefix: PREFIX, log: capture().log }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotReadyError);
    expect((err as Error).message).toMatch(/WRONGPASS|NOAUTH/);
    expect((err as Error).message).not.toContain(wrong);
    expect((err as Error).message).not.toContain(PASSWORD);
  });
});

describe("REDIS_URL in the configuration", () => {
  it("is optional, validated without echoing it, and its password is a secret", () => {
    expect(loadConfig({}, "/tmp").redis).toBeUndefined();
    const c = loadConfig({ REDIS_URL: "redis://planbot:p%40ss-Word-123@cache.internal:6380/2" }, "/tmp");
    expect(c.redis).toMatchObject({ address: "cache.internal:6380", prefix: "planbot:" });
    expect(secretsOf(c)).toEqual(expect.arrayContaining(["p%40ss-Word-123", "p@ss-Word-123"]));
    expect(loadConfig({ REDIS_URL: "redis://localhost" }, "/tmp").redis?.address).toBe("localhost:6379");
    expect(loadConfig({ REDIS_URL: "rediss://h:1", REDIS_PREFIX: "bot-a:" }, "/tmp").redis?.prefix).toBe("bot-a:");
    for (const bad of ["http://h:1", "not a url", "redis://:secret-pw@h:1/x"]) {
      const err = (() => {
        try {
          loadConfig({ REDIS_URL: bad }, "/tmp");
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err?.message, bad).toMatch(/^REDIS_URL: /);
      expect(err?.message).not.toContain("secret-pw");
    }
    expect(() => loadConfig({ REDIS_URL: "redis://h", REDIS_PREFIX: "has space" }, "/tmp")).toThrow(/^REDIS_PREFIX/);
    // Several replicas in webhook mode must register one secret, or Telegram gets 403s.
    const tg = { TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_WEBHOOK_URL: "https://bot.example.com/hook" };
    expect(() => loadConfig({ ...tg, REDIS_URL: "redis://h" }, "/tmp")).toThrow(/^TELEGRAM_WEBHOOK_SECRET: required with REDIS_URL/);
    expect(loadConfig({ ...tg, REDIS_URL: "redis://h", TELEGRAM_WEBHOOK_SECRET: "s" }, "/tmp").telegram?.webhookSecret).toBe("s");
  });
});
