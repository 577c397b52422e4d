// Two real planbot processes behind an imagined load balancer: Slack over HTTP, one Redis, one
// Postgres with pgvector holding the index (nothing on the replicas' disks). Slack's delivery of an event reaching both replicas is answered once; one user's
// questions alternating between them are limited as one; /healthz follows Redis; Redis dying
// mid-run loses no question. Then start-up refusals: an unreachable REDIS_URL, and a second
// Telegram poller. The index comes from planIndexEnv(), the one place that decides it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { botKey } from "../src/channels/telegram/bot-key.js";
import { createLogger } from "../src/log.js";
import { RedisState } from "../src/state/redis-state.js";
import { planIndexEnv, type IndexEnv } from "./helpers/index-env.js";
import { describeWithRedis, freePort, HAVE_REDIS, startRedis, type RedisServer } from "./helpers/redis-server.js";
import { ready, startReplica, until, type Replica } from "./helpers/replica.js";
import { run } from "./helpers/run.js";
import { eventCallback, SlackSender } from "./helpers/slack-sign.js";
import { BOT_USER_ID, SlackApiStandIn, type ApiCall } from "./standins/slack-api.js";
import { TelegramApiStandin } from "./standins/telegram-api.js";

// Deliberately fake-looking values: nothing here is, or resembles, a real credential.
const BOT_TOKEN = "xoxb-replicas-test-not-a-real-token";
const SIGNING_SECRET = "replicas-signing-secret-not-real";
const REDIS_PASSWORD = "replicas-redis-pass-Kp42-not-real";
const TELEGRAM_TOKEN = "123456:TEST-replicas-token-not-real-aaaaaaaaaaaa";
const LIMIT = 3;
const QUESTION = "How many fintech companies does Beijing want to attract by 2022?";

let tsCounter = 1_700_100_000;
const mention = (user: string, channel: string, text = QUESTION) => ({
  type: "app_mention",
  user,
  channel,
  text: `<@${BOT_USER_ID}> ${text}`,
  ts: `${++tsCounter}.000300`,
});

// Built once for the file, shared by every replica.
let index: IndexEnv | undefined;
let indexEnv: Record<string, string>;
beforeAll(async () => {
  if (!HAVE_REDIS) return;
  index = await planIndexEnv();
  indexEnv = index.env;
}, 120_000);
afterAll(() => index?.remove());

describeWithRedis("two planbot processes sharing Redis (Slack over HTTP)", () => {
  let redis: RedisServer;
  let api: SlackApiStandIn;
  let replicas: Replica[] = [];
  let senders: SlackSender[] = [];

  beforeAll(async () => {
    [redis, api] = await Promise.all([startRedis({ password: REDIS_PASSWORD }), new SlackApiStandIn().start()]);
    const env = {
      ...indexEnv,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      REDIS_URL: redis.url,
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    };
    replicas = await Promise.all([startReplica(env), startReplica(env)]);
    await Promise.all(replicas.map((r) => ready(r)));
    senders = replicas.map((r) => new SlackSender(`${r.url}/slack/events`, SIGNING_SECRET));
  }, 180_000);

  afterAll(async () => {
    for (const r of replicas) r.kill();
    await api?.close();
    await redis?.stop("SIGKILL");
  });

  const answersIn = (channel: string, ts: string) => (c: ApiCall) => c.method === "chat.postMessage" && c.status === 200 && c.params.channel === channel && c.params.thread_ts === ts;
  const logged = (msg: string, field: string, value: unknown) => replicas.flatMap((r) => r.logs()).filter((l) => l.msg === msg && l[field] === value);

  it("both replicas answer from the shared Postgres index, with nothing on local disk", async () => {
    for (const r of replicas) {
      const health = await (await fetch(`${r.url}/healthz`)).json();
      expect(health).toMatchObject({ status: "ok", documents: 1 });
    }
    expect(index!.touchedLocalDisk()).toBe(false);
  });

  it("one event delivered to both replicas is answered exactly once", async () => {
    const ev = mention("UTWICE", "CTWICE");
    const body = JSON.stringify(eventCallback(ev, "EvREPLICAS1"));
    // Slack's retry of a slow delivery, sent by the load balancer to the other replica.
    const acks = await Promise.all(senders.map((s) => s.send(body, "application/json")));
    expect(acks.map((a) => a.status)).toEqual([200, 200]);
    await until(() => (logged("slack: dropped a duplicate event", "eventId", "EvREPLICAS1").length ? true : undefined), 20_000, "one replica to drop it");
    await until(() => (logged("slack: answered", "conversation", "CTWICE").length ? true : undefined), 20_000, "the answer");
    await new Promise((r) => setTimeout(r, 300)); // room for a second answer, which must not come
    expect(api.calls.filter(answersIn("CTWICE", ev.ts))).toHaveLength(1);
    expect(logged("slack: answered", "conversation", "CTWICE")).toHaveLength(1);
    expect(logged("slack: dropped a duplicate event", "eventId", "EvREPLICAS1")).toHaveLength(1);
  });

  it(`rate limits count across replicas: one user's questions alternating between them are refused after ${LIMIT} in all`, async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const ev = mention("URATE", "CRATE");
      expect((await senders[i % 2]!.event(ev)).status).toBe(200);
      outcomes.push(
        await until(
          () => {
            if (api.calls.some(answersIn("CRATE", ev.ts))) return "answered";
            const eph = api.calls.find((c) => c.method === "chat.postEphemeral" && c.params.user === "URATE" && c.params.thread_ts === ev.ts);
            return eph ? (/faster than I can keep up/.test(String(eph.params.text)) ? "limited" : `other: ${String(eph.params.text)}`) : undefined;
          },
          20_000,
          `the reply to question ${i + 1}`,
        ),
      );
    }
    expect(outcomes).toEqual([...Array<string>(LIMIT).fill("answered"), "limited", "limited"]);
  });

  it("/healthz is ok while Redis answers; when Redis dies it says why (503) and questions are still answered; ok again once Redis is back", async () => {
    for (const r of replicas) expect(await r.healthz()).toMatchObject({ status: 200, body: { status: "ok", documents: 1 } });

    await redis.stop("SIGKILL");
    const down = await until(
      async () => {
        const h = await replicas[0]!.healthz();
        return h?.status === 503 ? h : undefined;
      },
      10_000,
      "/healthz to say not ready",
    );
    expect(down.body).toMatchObject({ status: "not_ready" });
    expect(String(down.body.reason)).toContain(`redis: Redis at 127.0.0.1:${redis.port} does not answer PING`);

    // No question is lost: this replica answers from its own memory and says so once.
    const ev = mention("UOUTAGE", "COUTAGE");
    expect((await senders[1]!.event(ev)).status).toBe(200);
    await until(() => (api.calls.some(answersIn("COUTAGE", ev.ts)) ? true : undefined), 20_000, "the answer during the outage");
    const warnings = replicas[1]!.logs().filter((l) => l.level === "warn" && l.msg.startsWith("redis: not answering"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.redis).toBe(`127.0.0.1:${redis.port}`);

    await redis.restart();
    for (const r of replicas) await until(async () => ((await r.healthz())?.status === 200 ? true : undefined), 15_000, "/healthz ok again");
    expect(replicas[1]!.logs().some((l) => l.msg.startsWith("redis: answering again"))).toBe(true);
  }, 60_000);

  it("SIGTERM stops both cleanly; no log line of either holds the Redis password, the bot token or the signing secret", async () => {
    for (const r of replicas) r.child.kill("SIGTERM");
    const exits = await Promise.all(replicas.map((r) => r.exited));
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    for (const r of replicas) {
      for (const secret of [REDIS_PASSWORD, encodeURIComponent(REDIS_PASSWORD), BOT_TOKEN, SIGNING_SECRET]) {
        expect(r.stderr).not.toContain(secret);
        expect(r.stdout).not.toContain(secret);
      }
      // Every line is JSON (pino): nothing printed around the logger (ioredis's own console output).
      for (const line of r.stderr.trim().split("\n")) expect(() => JSON.parse(line), line).not.toThrow();
    }
  }, 40_000);
});

describeWithRedis("start-up refusals", () => {
  it("an unreachable REDIS_URL: exit 3 with one line naming host:port, never the password", async () => {
    const port = await freePort();
    const r = await run("src/main.ts", [], {
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: "http://127.0.0.1:9/api/",
        PORT: String(await freePort()),
        REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${port}`,
      },
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(3);
    const last = r.stderr.trim().split("\n").pop()!;
    expect(last).toMatch(new RegExp(`^planbot: Redis at 127\\.0\\.0\\.1:${port} \\(REDIS_URL\\) does not answer: connect ECONNREFUSED`));
    expect(last).toContain("fix REDIS_URL");
    expect(r.stderr + r.stdout).not.toContain(REDIS_PASSWORD);
  });

  it("Telegram polling while another replica holds the bot's polling lock: exit 3, naming webhook mode", async () => {
    const redis = await startRedis();
    const api = await TelegramApiStandin.start({ token: TELEGRAM_TOKEN });
    let other: RedisState | undefined;
    // The other replica, polling: it holds the lock named after the token's hash.
    try {
      other = await RedisState.connect({ url: redis.url, address: "", prefix: "planbot:", log: createLogger({ write: () => {} }) });
      expect(await other.lock(`telegram:polling:${botKey(TELEGRAM_TOKEN)}`, 60_000)).toBeDefined();
      const r = await run("src/main.ts", [], {
        env: { ...indexEnv, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, PORT: String(await freePort()), REDIS_URL: redis.url },
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr.trim().split("\n").pop()).toBe(
        "planbot: Telegram: another replica is already polling this bot; only one process may poll a bot token, so run several replicas in webhook mode (set TELEGRAM_WEBHOOK_URL).",
      );
      expect(api.calls.filter((c) => c.method === "getUpdates")).toEqual([]);
      expect(r.stderr).not.toContain(TELEGRAM_TOKEN.split(":")[1]!);
    } finally {
      await other?.close();
      await api.close();
      await redis.stop("SIGKILL");
    }
  }, 90_000);
});
