// Streaming a generated answer to the chat: the throttle on its own, then Slack (chat.update)
// and Telegram (editMessageText) end to end, with the real bolt / telegraf, the real service
// and an OpenAI-compatible stand-in that streams slowly.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackChannel } from "../src/channels/slack/adapter.js";
import { StreamThrottle } from "../src/channels/core/stream-throttle.js";
import { loadConfig } from "../src/config.js";
import { FeedbackStore } from "../src/feedback.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import type { Message } from "telegraf/types";
import { buildPlanIndex, openLlmQa, type LlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { SlackSender } from "./helpers/slack-sign.js";
import { privateChat, startTelegram } from "./helpers/telegram-harness.js";
import { citeSentence } from "./standins/llm-common.js";
import { OpenAiApiStandIn } from "./standins/openai-api.js";
import { BOT_USER_ID, SlackApiStandIn, waitUntil } from "./standins/slack-api.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Timers may fire a millisecond or two early by the clock used to check them. */
const JITTER = 5;
/**
 * End to end, the throttle times the start of each call while the stand-ins stamp its arrival:
 * connection set-up can delay one arrival more than the next.
 */

describe("StreamThrottle", () => {
  it("sends the newest text, one send at a time, at least intervalMs apart, and stops on finish", async () => {
    const starts: number[] = [];
    const texts: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const t = new StreamThrottle({
      intervalMs: 80,
      send: async (text) => {
        starts.push(performance.now());
        texts.push(text);
        maxRunning = Math.max(maxRunning, ++running);
        await sleep(30);
        running--;
      },
    });
    const t0 = performance.now();
    for (let i = 1; i <= 40; i++) {
      t.push(`text ${i}`);
      await sleep(5);
    }
    await t.finish();
    const sent = starts.length;
    expect(starts[0]! - t0).toBeLessThan(60); // the first text goes at once, not after an interval
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(80 - JITTER);
    expect(maxRunning).toBe(1);
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(sent).toBeLessThanOrEqual(5); // ~250 ms of pushes at one send per 80 ms
    // Newer texts only, never the same twice.
    const ns = texts.map((x) => Number(x.split(" ")[1]));
    for (let i = 1; i < ns.length; i++) expect(ns[i]!).toBeGreaterThan(ns[i - 1]!);
    // finish() returned no sooner than one interval after the last send began.
    expect(performance.now() - starts.at(-1)!).toBeGreaterThanOrEqual(80 - JITTER);
    t.push("after finish");
    await sleep(120);
    expect(starts.length).toBe(sent);
  });

  it("a failed send stops the stream; finish still resolves", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const t = new StreamThrottle({
      intervalMs: 10,
      send: async () => {
        calls++;
        throw new Error("429 Too Many Requests");
      },
      onError: (e) => errors.push(e),
    });
    t.push("a");
    await sleep(30);
    t.push("b");
    await sleep(30);
    await t.finish();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
  });
});

describe("streaming to the chat", () => {
  const INTERVAL = 250;
  let api: OpenAiApiStandIn;
  let index: PlanIndex;
  let s: LlmQa;

  beforeAll(async () => {
    api = await new OpenAiApiStandIn().start();
    // Three sentences over ~1 s, one of them citing a passage that was not given.
    api.reply = (req) => `${citeSentence(req, "Shijingshan")} Shanghai hosts one as well [42]. ${citeSentence(req, "four general themes")} ${citeSentence(req, "Lieyunwang offers")}`;
    index = await buildPlanIndex({ EMBEDDINGS: "openai", OPENAI_BASE_URL: api.baseUrl });
    s = await openLlmQa(index, { LLM: "openai", LLM_TIMEOUT_MS: "5000" });
  }, 60_000);

  afterAll(async () => {
    await s?.qa.close();
    await api?.close();
    await index?.remove();
  });

  const Q = "Which district will host the banking and insurance technology cluster?";

  it("Slack: posts, then updates the message at most every interval, ending with the answer and its sources", async () => {
    api.next({ pieces: 16, delayMs: 70 });
    const slack = await new SlackApiStandIn().start();
    const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-llm-slack-"));
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-test-not-a-real-token", SLACK_SIGNING_SECRET: "test-secret", SLACK_API_URL: slack.apiUrl, DATA_DIR: dir }, dir);
    const log = createLogger({ level: "warn", json: true, write: () => {} });
    const http = new HttpServer();
    const channel = createSlackChannel({ qa: s.qa, config, log, feedback: new FeedbackStore(dir), http }, { streamIntervalMs: INTERVAL });
    const port = await http.listen(0, "127.0.0.1");
    await channel.start();
    try {
      const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, "test-secret");
      const ack = await sender.event({ type: "app_mention", user: "UASKER", text: `<@${BOT_USER_ID}> ${Q}`, ts: "1700000001.000100", channel: "CGEN" });
      expect(ack.status).toBe(200);
      const done = () => slack.callsOf("chat.update").find((c) => JSON.stringify(c.params.blocks ?? []).includes("planbot_feedback"));
      const final = await waitUntil(done, 10_000, "the final chat.update");
      const posts = slack.callsOf("chat.postMessage");
      const updates = slack.callsOf("chat.update");
      expect(posts).toHaveLength(1); // the streamed message is the answer: nothing posted twice
      expect(String(posts[0]!.params.text)).toMatch(/Shijingshan.*…/s);
      expect(updates.length).toBeGreaterThanOrEqual(2); // at least one partial update, then the final
      expect(updates.every((u) => u.params.ts === posts[0]!.response!.ts && u.params.channel === "CGEN")).toBe(true);
      const times = [posts[0]!.at, ...updates.map((u) => u.at)];
      // Throttled: no more edits than the elapsed time allows (arrival times jitter under load,
      // so the bound is on the count, not on each gap).
      expect(times.length - 1).toBeLessThanOrEqual(Math.floor((times.at(-1)! - times[0]!) / INTERVAL) + 2);
      expect(final).toBe(updates.at(-1));
      const finalText = JSON.stringify(final.params.blocks);
      expect(finalText).toContain("Sources");
      expect(finalText).toContain("beijing-fintech-development-plan-2018-2022.txt");
      for (const c of [...posts, ...updates]) expect(JSON.stringify(c.params)).not.toContain("[42]");
      expect(finalText).not.toContain("Shanghai");
    } finally {
      await channel.stop();
      await http.close();
      await slack.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("Telegram: replies, then edits the reply at most every interval, ending with the answer, sources and buttons", async () => {
    api.next({ pieces: 16, delayMs: 70 });
    const h = await startTelegram({ qa: s.qa, channel: { streamIntervalMs: INTERVAL } });
    try {
      const u = { id: 4242, is_bot: false as const, first_name: "Streamer" };
      const m = await h.api.userSays({ chat: privateChat(u), from: u, text: Q });
      const final = await h.api.waitFor((c) => c.method === "editMessageText" && c.status === 200 && c.params.reply_markup !== undefined, "the final edit", 10_000);
      const sent = h.api.calls.filter((c) => c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === u.id);
      const edits = h.api.calls.filter((c) => c.method === "editMessageText" && c.status === 200);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.params.reply_parameters?.message_id).toBe(m.message_id);
      const id = (sent[0]!.result as Message.TextMessage).message_id;
      expect(edits.every((e) => Number(e.params.message_id) === id)).toBe(true);
      expect(edits.length).toBeGreaterThanOrEqual(2);
      expect(final).toBe(edits.at(-1));
      const times = [sent[0]!.at, ...edits.map((e) => e.at)];
      // Throttled: no more edits than the elapsed time allows (arrival times jitter under load,
      // so the bound is on the count, not on each gap).
      expect(times.length - 1).toBeLessThanOrEqual(Math.floor((times.at(-1)! - times[0]!) / INTERVAL) + 2);
      const shownText = (final.result as Message.TextMessage).text;
      expect(shownText).toMatch(/Shijingshan/);
      expect(shownText).toContain("Sources");
      expect(shownText).not.toContain("Shanghai");
      for (const c of [...sent, ...edits]) expect(String(c.params.text)).not.toContain("[42]");
      expect(h.logs.every((l) => !l.includes('"level":"error"'))).toBe(true);
    } finally {
      await h.close();
    }
  });
});
