// Load and platform faults for the Telegram channel, end to end: the real telegraf long-polling
// the Bot API stand-in, the real QaService over the plan article. A burst of 500 updates from 50
// chats; 429 and 5xx storms; a server that stops answering in the middle of a reply. Every
// question is answered exactly once, in order per chat, none lost, memory flat, nothing wedged.
import v8 from "node:v8";
import vm from "node:vm";
import type { Message, User } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QaService } from "../src/types.js";
import type { Channel } from "../src/channels/channel.js";
import { createTelegramChannel } from "../src/channels/telegram/adapter.js";
import { loadConfig, secretsOf } from "../src/config.js";
import { FeedbackStore } from "../src/feedback.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import { limitConcurrency, MAX_CONCURRENT_QUESTIONS } from "../src/ops/limit.js";
import { planQa } from "./helpers/plan-qa.js";
import { ROOT } from "./helpers/run.js";
import { privateChat, startTelegram, TOKEN, type Harness } from "./helpers/telegram-harness.js";
import { StallingProxy } from "./helpers/stalling-proxy.js";
import { tempDir } from "./helpers/tmp.js";
import { TelegramApiStandin, type RecordedCall } from "./standins/telegram-api.js";
import { measured } from "./helpers/observed-qa.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const QUESTIONS = [
  "Which district will host the banking and insurance technology cluster?",
  "Where will the wealth management cluster be?",
  "How many fintech companies does Beijing want to attract by 2022?",
  "How many innovation clusters does Beijing want to create?",
  "What is Shanghai's fintech budget?",
  "How many themes does the plan have?",
];

let real: QaService;
beforeAll(async () => {
  real = await planQa();
}, 120_000);

const finalAnswers = (api: TelegramApiStandin, chatId: number) =>
  api.calls.filter((c) => c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === chatId && c.params.reply_markup !== undefined);

/** Sends `perChat` questions from each of `chats` users, as fast as the stand-in takes them. */
async function burst(api: TelegramApiStandin, firstId: number, chats: number, perChat: number): Promise<Map<number, Message[]>> {
  const sent = new Map<number, Message[]>();
  for (let round = 0; round < perChat; round++) {
    for (let c = 0; c < chats; c++) {
      const u: User = { id: firstId + c, is_bot: false, first_name: `L${c}` };
      const m = await api.userSays({ chat: privateChat(u), from: u, text: `${QUESTIONS[(c + round) % QUESTIONS.length]} (#${round})` });
      sent.set(u.id, [...(sent.get(u.id) ?? []), m]);
    }
  }
  return sent;
}

/** Every message got exactly one final answer, replying to it, in the order asked. */
function expectAnsweredOnceInOrder(api: TelegramApiStandin, sent: Map<number, Message[]>): void {
  for (const [chatId, msgs] of sent) {
    const answers = finalAnswers(api, chatId);
    const repliedTo = answers.map((c) => (c.params.reply_parameters as { message_id: number }).message_id);
    expect(repliedTo, `chat ${chatId}`).toEqual(msgs.map((m) => m.message_id));
  }
}

async function waitForAnswers(api: TelegramApiStandin, count: number, timeoutMs: number): Promise<void> {
  await api.waitForAll((c) => c.method === "sendMessage" && c.status === 200 && c.params.reply_markup !== undefined, count, `${count} answers`, timeoutMs);
}

describe("a burst of 500 updates", () => {
  let h: Harness;
  afterAll(() => h?.close());

  it("answers every question once, in order per chat, with memory flat", async () => {
    const qa = measured(real);
    // As main.ts wires it: one concurrency bound in front of the service.
    h = await startTelegram({ qa: limitConcurrency(qa), env: { RATE_LIMIT_PER_MINUTE: "0" } });
    await h.api.waitFor((c) => c.method === "getUpdates", "polling");

    // Warm-up (JIT, caches, sockets), then a clean heap to compare against.
    const warm = await burst(h.api, 50_000, 10, 5);
    await waitForAnswers(h.api, 50, 30_000);
    expectAnsweredOnceInOrder(h.api, warm);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;

    const t0 = Date.now();
    const sent = await burst(h.api, 60_000, 50, 10);
    await waitForAnswers(h.api, 550, 50_000);
    const ms = Date.now() - t0;
    expectAnsweredOnceInOrder(h.api, sent);
    expect(qa.asked).toBe(550);
    expect(qa.max).toBeLessThanOrEqual(MAX_CONCURRENT_QUESTIONS);
    // Nothing was refused or dropped on the way.
    expect(h.api.calls.filter((c) => c.status !== 200 && c.method !== "getUpdates")).toEqual([]);
    expect(h.logs.filter((l) => /"level":"(warn|error)"/.test(l))).toEqual([]);

    gc();
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    console.log(`telegram burst: 500 answers in ${ms} ms, at most ${qa.max} at once, heap ${grownMb.toFixed(1)} MB`);
    expect(grownMb).toBeLessThan(60);
  }, 90_000);
});

describe("storms and stalls", () => {
  let h: { api: TelegramApiStandin; channel: Channel; logs: string[] };
  let proxy: StallingProxy;
  beforeAll(async () => {
    // The bot talks to the stand-in through a proxy that can stop answering.
    const api = await TelegramApiStandin.start({ token: TOKEN });
    proxy = await StallingProxy.start(api.apiRoot);
    const logs: string[] = [];
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, RATE_LIMIT_PER_MINUTE: "0", DATA_DIR: await tempDir() }, ROOT);
    const log = createLogger({ level: "debug", json: true, secrets: secretsOf(config), write: (l) => logs.push(l) });
    const channel = createTelegramChannel(
      { qa: real, config, log, feedback: new FeedbackStore(config.dataDir), http: new HttpServer() },
      { restartDelayMs: 200, apiTimeoutMs: 1_500, drainTimeoutMs: 5_000 },
    );
    h = { api, channel, logs };
    await channel.start();
    await api.waitFor((c) => c.method === "getUpdates", "polling");
  }, 60_000);
  afterAll(async () => {
    await h?.channel.stop();
    await proxy?.close();
    await h?.api.close();
  });

  it("rides out a storm of 429s on sendMessage (waits retry_after, loses nothing)", async () => {
    h.api.failNext("sendMessage", { status: 429, retryAfter: 1 }, 40);
    const sent = await burst(h.api, 70_000, 40, 2);
    await waitForAnswers(h.api, 80, 30_000);
    expectAnsweredOnceInOrder(h.api, sent);
    expect(h.api.calls.filter((c) => c.method === "sendMessage" && c.status === 429)).toHaveLength(40);
  }, 40_000);

  it("rides out a storm of 5xx on sendMessage and on getUpdates", async () => {
    const before = finalCount(h.api);
    h.api.failNext("sendMessage", { status: 502 }, 30);
    h.api.failNext("getUpdates", { status: 429, retryAfter: 1 }, 2);
    const sent = await burst(h.api, 71_000, 30, 2);
    await waitForAnswers(h.api, before + 60, 40_000);
    expectAnsweredOnceInOrder(h.api, sent);
  }, 50_000);

  it("a server that stops answering mid-reply does not wedge the chat, the others, or shutdown", async () => {
    const u: User = { id: 72_000, is_bot: false, first_name: "Stalled" };
    const other: User = { id: 72_001, is_bot: false, first_name: "Other" };
    // The next sendMessage to this chat is accepted and never answered.
    proxy.stallNext((path, body) => path.endsWith("/sendMessage") && Number((JSON.parse(body) as { chat_id: unknown }).chat_id) === u.id);
    const first = await h.api.userSays({ chat: privateChat(u), from: u, text: QUESTIONS[0]! });
    await waitUntil(() => proxy.caught > 0, 10_000, "the stalled reply");
    // Meanwhile other chats are answered as usual…
    const m = await h.api.userSays({ chat: privateChat(other), from: other, text: QUESTIONS[1]! });
    await h.api.waitFor((c) => c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === other.id, "the other chat's answer", 10_000);
    // …and once the call's deadline passes, the stalled chat moves on to its next question.
    const second = await h.api.userSays({ chat: privateChat(u), from: u, text: QUESTIONS[3]! });
    const next = await h.api.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        c.status === 200 &&
        Number(c.params.chat_id) === u.id &&
        (c.params.reply_parameters as { message_id: number } | undefined)?.message_id === second.message_id &&
        c.params.reply_markup !== undefined,
      "the next answer in the stalled chat",
      15_000,
    );
    expect(next.params.text).toMatch(/three to five|clusters/i);
    expect(h.logs.some((l) => l.includes("telegram answer failed") && l.includes("AbortError"))).toBe(true);
    expect(first.message_id).toBeLessThan(second.message_id);
    expect(m).toBeDefined();

    // A stall during shutdown does not hold it past the call deadline.
    proxy.stallNext((path) => path.endsWith("/sendMessage"));
    await h.api.userSays({ chat: privateChat(other), from: other, text: QUESTIONS[2]! });
    await waitUntil(() => proxy.caught > 1, 10_000, "a second stall");
    const t0 = Date.now();
    await h.channel.stop();
    expect(Date.now() - t0).toBeLessThan(5_000);
  }, 60_000);
});

function finalCount(api: TelegramApiStandin): number {
  return api.calls.filter((c: RecordedCall) => c.method === "sendMessage" && c.status === 200 && c.params.reply_markup !== undefined).length;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
