// Load and platform faults for the Slack channel, end to end: the real bolt on planbot's shared
// HTTP server, signed Events API deliveries, the Web API stand-in, the real QaService over the
// plan article. 500 events from 25 channels and 10 DMs; 429 and 5xx storms; a Web API that stops
// answering mid-reply. Every question answered exactly once, none lost, memory flat, no wedge.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../src/channels/channel.js";
import { createSlackChannel } from "../src/channels/slack/adapter.js";
import { loadConfig, secretsOf } from "../src/config.js";
import { FeedbackStore } from "../src/feedback.js";
import { decodeVoteValue, FEEDBACK_BLOCK_ID } from "../src/format/slack-blocks.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import { limitConcurrency, MAX_CONCURRENT_QUESTIONS } from "../src/ops/limit.js";
import type { QaService } from "../src/types.js";
import { planQa } from "./helpers/plan-qa.js";
import { SlackSender } from "./helpers/slack-sign.js";
import { StallingProxy } from "./helpers/stalling-proxy.js";
import { BOT_USER_ID, SlackApiStandIn, waitUntil, type ApiCall } from "./standins/slack-api.js";
import { measured } from "./helpers/observed-qa.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const BOT_TOKEN = "xoxb-load-test-not-a-real-token";
const SIGNING_SECRET = "load-test-signing-secret-not-real";
const QUESTIONS = [
  "How many fintech companies does Beijing want to attract by 2022?",
  "How many innovation clusters does Beijing want to create?",
  "Which district will host the banking and insurance technology cluster?",
  "Where will the wealth management cluster be?",
  "What is Shanghai's fintech budget?",
];

interface Harness {
  api: SlackApiStandIn;
  channel: Channel;
  sender: SlackSender;
  lines: string[];
  close(): Promise<void>;
}

async function startSlack(qa: QaService, through?: { api: SlackApiStandIn; apiUrl: string }): Promise<Harness> {
  const api = through?.api ?? (await new SlackApiStandIn().start());
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-slack-load-"));
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: through?.apiUrl ?? api.apiUrl,
      DATA_DIR: dir,
      RATE_LIMIT_PER_MINUTE: "0",
    },
    dir,
  );
  const lines: string[] = [];
  const log = createLogger({ level: "info", json: true, secrets: secretsOf(config), write: (l) => lines.push(l) });
  const server = new HttpServer();
  const channel = createSlackChannel({ qa, config, log, feedback: new FeedbackStore(dir), http: server }, { drainTimeoutMs: 3_000 });
  const port = await server.listen(0, "127.0.0.1");
  await channel.start();
  return {
    api,
    channel,
    sender: new SlackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET),
    lines,
    async close() {
      await channel.stop();
      await server.close();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let tsCounter = 1_710_000_000;
const nextTs = () => `${++tsCounter}.000300`;

interface Sent {
  conversation: string;
  ts: string;
}

/** The events to send: mentions in `channels` channels and DMs from `dms` users, interleaved. */
function plan(channels: number, dms: number, perConversation: number, tag: string) {
  const events: Array<{ event: Record<string, unknown>; sent: Sent }> = [];
  for (let round = 0; round < perConversation; round++) {
    for (let c = 0; c < channels + dms; c++) {
      const ts = nextTs();
      const q = `${QUESTIONS[(c + round) % QUESTIONS.length]} (${tag}${round})`;
      const event =
        c < channels
          ? { type: "app_mention", user: `U${tag}${c}`, text: `<@${BOT_USER_ID}> ${q}`, ts, channel: `C${tag}${c}` }
          : { type: "message", channel_type: "im", user: `U${tag}${c}`, text: q, ts, channel: `D${tag}${c}` };
      events.push({ event, sent: { conversation: String(event.channel), ts } });
    }
  }
  return events;
}

/**
 * Sends events with at most `concurrency` deliveries open at once; every one must be acked. Like
 * Slack, a conversation's next event goes out after its previous one was acked (events of one
 * DM racing each other on the wire would have no order to keep).
 */
async function deliver(h: Harness, events: ReturnType<typeof plan>, concurrency: number): Promise<number> {
  let slowest = 0;
  const acked = new Map<string, Promise<void>>();
  let open = 0;
  const waiters: Array<() => void> = [];
  const all: Promise<void>[] = [];
  for (const { event, sent } of events) {
    while (open >= concurrency) await new Promise<void>((r) => waiters.push(r));
    open++;
    const previous = acked.get(sent.conversation) ?? Promise.resolve();
    const p = previous.then(async () => {
      try {
        const r = await h.sender.event(event);
        expect(r.status).toBe(200);
        slowest = Math.max(slowest, r.ms);
      } finally {
        open--;
        waiters.shift()?.();
      }
    });
    acked.set(sent.conversation, p);
    all.push(p);
  }
  await Promise.all(all);
  return slowest;
}

const isFinal = (c: ApiCall) =>
  (c.method === "chat.postMessage" || c.method === "chat.update") && c.status === 200 && ((c.params.blocks ?? []) as Array<{ block_id?: string }>).some((b) => b.block_id === FEEDBACK_BLOCK_ID);

function expectAnsweredOnce(api: SlackApiStandIn, events: ReturnType<typeof plan>): void {
  const all = api.calls.filter(isFinal);
  const threads = new Map<string, number>();
  for (const c of all) if (c.params.thread_ts) threads.set(String(c.params.thread_ts), (threads.get(String(c.params.thread_ts)) ?? 0) + 1);
  for (const { event, sent } of events) {
    if (event.type === "app_mention") expect(threads.get(sent.ts), `mention ${sent.ts}`).toBe(1);
  }
  // DMs are answered in the DM itself: one final answer per question, in the order asked.
  const dms = new Map<string, string[]>();
  for (const { event } of events) if (event.type === "message") dms.set(String(event.channel), [...(dms.get(String(event.channel)) ?? []), String(event.text)]);
  for (const [channel, asked] of dms) {
    const answered = all.filter((c) => c.params.channel === channel && !c.params.thread_ts);
    // The 👍/👎 buttons carry the question they answer.
    const questions = answered.map((c) => {
      const actions = ((c.params.blocks ?? []) as Array<{ block_id?: string; elements?: Array<{ value?: string }> }>).find((b) => b.block_id === FEEDBACK_BLOCK_ID);
      return decodeVoteValue(actions?.elements?.[0]?.value)?.question;
    });
    expect(questions, channel).toEqual(asked);
  }
}

let real: QaService;
beforeAll(async () => {
  real = await planQa();
}, 120_000);

describe("a burst of 500 events", () => {
  let h: Harness;
  afterAll(() => h?.close());

  it("acks every delivery at once and answers every question once, memory flat", async () => {
    const qa = measured(real);
    h = await startSlack(limitConcurrency(qa));
    const warm = plan(5, 5, 3, "w");
    await deliver(h, warm, 10);
    await waitUntil(() => h.api.calls.filter(isFinal).length >= warm.length, 30_000, "warm-up answers");
    gc();
    const heapBefore = process.memoryUsage().heapUsed;

    const t0 = Date.now();
    const events = plan(40, 10, 10, "b");
    const slowestAck = await deliver(h, events, 16);
    await waitUntil(() => h.api.calls.filter(isFinal).length >= warm.length + events.length, 50_000, "500 answers");
    const ms = Date.now() - t0;
    expectAnsweredOnce(h.api, [...warm, ...events]);
    expect(qa.asked).toBe(warm.length + events.length);
    expect(qa.max).toBeLessThanOrEqual(MAX_CONCURRENT_QUESTIONS);
    // Acks never wait for answers (500 answers take seconds); the margin is for a loaded machine.
    expect(slowestAck).toBeLessThan(5_000);
    expect(h.lines.filter((l) => /"level":"(warn|error)"/.test(l))).toEqual([]);
    // Nothing more arrives later (no duplicate answers on the way).
    await h.channel.stop();
    expect(h.api.calls.filter(isFinal)).toHaveLength(warm.length + events.length);

    gc();
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    console.log(`slack burst: 500 answers in ${ms} ms, slowest ack ${slowestAck} ms, at most ${qa.max} at once, heap ${grownMb.toFixed(1)} MB`);
    expect(grownMb).toBeLessThan(60);
  }, 90_000);
});

describe("storms and stalls", () => {
  it("rides out a storm of 429s (Retry-After) and of 500s on chat.postMessage", async () => {
    const h = await startSlack(real);
    try {
      for (let i = 0; i < 30; i++) h.api.failNext("chat.postMessage", { status: 429, retryAfterSec: 1 });
      const a = plan(30, 0, 1, "r");
      await deliver(h, a, 10);
      await waitUntil(() => h.api.calls.filter(isFinal).length >= 30, 30_000, "answers after the 429 storm");
      for (let i = 0; i < 30; i++) h.api.failNext("chat.postMessage", { status: 500 });
      const b = plan(30, 0, 1, "f");
      await deliver(h, b, 10);
      await waitUntil(() => h.api.calls.filter(isFinal).length >= 60, 30_000, "answers after the 500 storm");
      await h.channel.stop();
      expectAnsweredOnce(h.api, [...a, ...b]);
      expect(h.api.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429)).toHaveLength(30);
      expect(h.api.calls.filter((c) => c.method === "chat.postMessage" && c.status === 500)).toHaveLength(30);
    } finally {
      await h.close();
    }
  }, 60_000);

  it("a Web API that stops answering mid-reply holds neither the other conversations nor shutdown", async () => {
    const api = await new SlackApiStandIn().start();
    const proxy = await StallingProxy.start(api.apiUrl.replace(/\/api\/$/, ""));
    const h = await startSlack(real, { api, apiUrl: `${proxy.url}/api/` });
    try {
      proxy.stallNext((path, body) => path.endsWith("/chat.postMessage") && body.includes("CSTALL"));
      await h.sender.event({ type: "app_mention", user: "USTALL", text: `<@${BOT_USER_ID}> ${QUESTIONS[0]}`, ts: nextTs(), channel: "CSTALL" });
      await waitUntil(() => proxy.caught > 0, 10_000, "the stalled post");
      const others = plan(10, 2, 1, "o");
      await deliver(h, others, 4);
      await waitUntil(() => h.api.calls.filter(isFinal).length >= others.length, 15_000, "the other conversations' answers");
      expectAnsweredOnce(h.api, others);
      // The stalled answer is still in flight: stop() waits for it only until its drain deadline.
      const t0 = Date.now();
      await h.channel.stop();
      expect(Date.now() - t0).toBeLessThan(8_000);
      expect(h.lines.some((l) => l.includes("stopped with answers still running"))).toBe(true);
    } finally {
      await h.close();
      await proxy.close();
    }
  }, 60_000);
});
