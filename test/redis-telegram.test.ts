// Telegram replicas sharing one real redis-server: the polling lock (a second poller refuses to
// start, with the fix in the message; the lock is free after shutdown), and in webhook mode the
// same update delivered to two replicas is answered once, with rate limits counted across both.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Update } from "telegraf/types";
import { exitCodeFor } from "../src/cli/exit.js";
import { createLogger } from "../src/log.js";
import { NotReadyError } from "../src/ops/not-ready.js";
import { RedisState } from "../src/state/redis-state.js";
import { fakeQa } from "./helpers/fake-qa.js";
import { describeWithRedis, startRedis, type RedisServer } from "./helpers/redis-server.js";
import { answerTo, privateChat, startTelegram, TOKEN, WEBHOOK_PATH, type Harness } from "./helpers/telegram-harness.js";
import { TelegramApiStandin } from "./standins/telegram-api.js";

const PREFIX = "planbot-tg-test:";
const SECRET = "webhook-secret-for-tests";

describeWithRedis("Telegram replicas sharing Redis", () => {
  let server: RedisServer;
  const states: RedisState[] = [];
  const open: Harness[] = [];
  const apis: TelegramApiStandin[] = [];

  async function replicaState(): Promise<RedisState> {
    const log = createLogger({ level: "warn", json: true, write: () => {} });
    const s = await RedisState.connect({ url: server.url, address: `127.0.0.1:${server.port}`, prefix: PREFIX, log });
    states.push(s);
    return s;
  }

  async function replica(api: TelegramApiStandin, opts: { webhook?: boolean; env?: Record<string, string>; start?: boolean } = {}): Promise<Harness> {
    const h = await startTelegram({
      qa: fakeQa(),
      api,
      state: await replicaState(),
      start: opts.start,
      webhook: opts.webhook,
      env: { TELEGRAM_WEBHOOK_SECRET: SECRET, ...opts.env },
      channel: { pollingLockTtlMs: 600 },
    });
    open.push(h);
    return h;
  }

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const h of open.splice(0)) await h.close().catch(() => {});
    for (const a of apis) await a.close();
    for (const s of states) await s.close();
    await server?.stop("SIGKILL");
  });

  it("a second replica refuses to poll the same bot; once the first stops, another may", async () => {
    const api = await TelegramApiStandin.start({ token: TOKEN });
    apis.push(api);
    const first = await replica(api);
    await api.waitFor((c) => c.method === "getUpdates", "the first poller");
    // Renewed while polling: still held after several lifetimes of the lock.
    await new Promise((r) => setTimeout(r, 1_500));

    const second = await replica(api, { start: false });
    const err = await second.channel.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotReadyError);
    expect(exitCodeFor(err)).toBe(3);
    expect((err as Error).message).toBe(
      "Telegram: another replica is already polling this bot; only one process may poll a bot token, so run several replicas in webhook mode (set TELEGRAM_WEBHOOK_URL).",
    );
    // It never polled: every getUpdates so far is the first replica's one loop, no 409.
    expect(api.calls.filter((c) => c.method === "getUpdates" && c.status === 409)).toEqual([]);

    // The lock is named after a hash of the token, never the token itself.
    const raw = new Redis(server.url);
    const keys = await raw.keys(`${PREFIX}telegram:polling:*`);
    await raw.quit();
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(TOKEN.split(":")[1]!);
    expect(keys[0]).not.toContain(TOKEN.split(":")[0]!);

    await first.channel.stop(); // releases the lock
    const third = await replica(api);
    const u = { id: 6601, is_bot: false as const, first_name: "Lock" };
    const m = await api.userSays({ chat: privateChat(u), from: u, text: "How many companies?" });
    await answerTo(api, m);
    await third.channel.stop();
  });

  it("webhook mode: one update delivered to both replicas is answered once; limits count across both", async () => {
    // A new stand-in counts update ids from 1 again, which the test above already used.
    const raw = new Redis(server.url);
    await raw.flushdb();
    await raw.quit();
    const api = await TelegramApiStandin.start({ token: TOKEN });
    apis.push(api);
    const a = await replica(api, { webhook: true, env: { RATE_LIMIT_PER_MINUTE: "3" } });
    const b = await replica(api, { webhook: true, env: { RATE_LIMIT_PER_MINUTE: "3" } });
    const deliver = (h: Harness, u: Update) => api.deliver(u, SECRET, h.httpUrl + WEBHOOK_PATH);

    // Telegram retried a slow delivery, and the load balancer sent the retry to the other replica.
    const u1 = { id: 6701, is_bot: false as const, first_name: "Twice" };
    const twice = api.messageUpdate({ chat: privateChat(u1), from: u1, text: "How many fintech companies by 2022?" });
    expect(await Promise.all([deliver(a, twice), deliver(b, twice)])).toEqual([200, 200]);
    const message = (twice as Update.MessageUpdate).message;
    await answerTo(api, message);
    await new Promise((r) => setTimeout(r, 300)); // room for a second answer, which must not come
    const answers = api.calls.filter((c) => c.method === "sendMessage" && c.params.reply_parameters?.message_id === message.message_id && Number(c.params.chat_id) === u1.id);
    expect(answers).toHaveLength(1);
    expect([...a.logs, ...b.logs].filter((l) => l.includes("dropped an update already taken"))).toHaveLength(1);

    // One user, questions alternating between the replicas: refused after 3 in all.
    const u2 = { id: 6702, is_bot: false as const, first_name: "Many" };
    const replies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const up = api.messageUpdate({ chat: privateChat(u2), from: u2, text: `Question number ${i + 1} about the clusters?` });
      expect(await deliver(i % 2 === 0 ? a : b, up)).toBe(200);
      const msg = (up as Update.MessageUpdate).message;
      if (i < 4) {
        const reply = await api.waitFor((c) => c.method === "sendMessage" && c.status === 200 && c.params.reply_parameters?.message_id === msg.message_id, `a reply to question ${i + 1}`);
        replies.push(String(reply.params.text));
      }
    }
    expect(replies.slice(0, 3).every((t) => !/asking faster/.test(t))).toBe(true);
    expect(replies[3]).toMatch(/asking faster than I can read/);
    // The 5th is refused silently (told once per window), on whichever replica.
    await new Promise((r) => setTimeout(r, 300));
    const toU2 = api.calls.filter((c) => c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === u2.id);
    expect(toU2).toHaveLength(4);
  });
});
