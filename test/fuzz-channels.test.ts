// Hostile messages thrown at the running bot through the platform stand-ins (the real telegraf
// and bolt, the real QaService): control characters, lone surrogates, markup of both platforms,
// huge texts, any Unicode. Every message gets a reply (an answer, an abstention or a short
// note), never the apology that means something broke, and no error is logged.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackChannel } from "../src/channels/slack/adapter.js";
import { loadConfig, secretsOf } from "../src/config.js";
import { FeedbackStore } from "../src/feedback.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import type { QaService } from "../src/types.js";
import { planQa } from "./helpers/plan-qa.js";
import { SlackSender } from "./helpers/slack-sign.js";
import { privateChat, startTelegram } from "./helpers/telegram-harness.js";
import { BOT_USER_ID, SlackApiStandIn, waitUntil } from "./standins/slack-api.js";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const COUNT = Number(process.env.FUZZ_RUNS ?? 40);

const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("How many", "fintech", "companies", "Beijing", "cluster", "district", "?", " ", "help", "sources") },
  { weight: 1, arbitrary: char(1, 0x1f) },
  { weight: 1, arbitrary: char(0xd800, 0xdfff) },
  { weight: 2, arbitrary: fc.constantFrom("<b>", "</i>", "&amp;", "&", "<@U123>", "<!channel>", "<https://x.test|x>", "*bold*", "`", "@planbot_test_bot", "北京", "😀", "e\u0301", "\u202e", "\r\n") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);
const hostile = fc.oneof(
  { weight: 9, arbitrary: fc.array(piece, { minLength: 1, maxLength: 30 }).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(4_000), "word ".repeat(800)) },
);
/** Texts a user could send: not empty, not a command for another bot (those are ignored by design). */
const texts = fc.sample(
  hostile.filter((t) => t.trim() !== "" && !t.startsWith("/")),
  { numRuns: COUNT, seed: SEED },
);

let real: QaService;
beforeAll(async () => {
  real = await planQa();
}, 120_000);

describe("Telegram bot, hostile messages", () => {
  let h: Awaited<ReturnType<typeof startTelegram>>;
  afterAll(() => h?.close());

  it("replies to every one, never with an apology, logging no error", async () => {
    h = await startTelegram({ qa: real, env: { RATE_LIMIT_PER_MINUTE: "0" } });
    const sent = [];
    for (const [i, text] of texts.entries()) {
      const u = { id: 80_000 + i, is_bot: false as const, first_name: `F${i}` };
      sent.push(await h.api.userSays({ chat: privateChat(u), from: u, text }));
    }
    for (const m of sent) {
      const reply = await h.api.waitFor(
        (c) => c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === m.chat.id,
        `a reply to ${JSON.stringify("text" in m ? m.text.slice(0, 60) : "")}`,
        20_000,
      );
      expect(String(reply.params.text)).not.toMatch(/Sorry, something went wrong/);
    }
    expect(h.api.calls.filter((c) => c.method === "sendMessage" && c.status !== 200)).toEqual([]);
    expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 90_000);
});

describe("Slack bot, hostile direct messages and mentions", () => {
  it("replies to every one, never with an apology, logging no error", async () => {
    const secret = "fuzz-signing-secret-not-real";
    const api = await new SlackApiStandIn().start();
    const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-fuzz-slack-"));
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-fuzz-not-a-real-token", SLACK_SIGNING_SECRET: secret, SLACK_API_URL: api.apiUrl, DATA_DIR: dir, RATE_LIMIT_PER_MINUTE: "0" }, dir);
    const lines: string[] = [];
    const log = createLogger({ level: "info", json: true, secrets: secretsOf(config), write: (l) => lines.push(l) });
    const http = new HttpServer();
    const channel = createSlackChannel({ qa: real, config, log, feedback: new FeedbackStore(dir), http });
    const port = await http.listen(0, "127.0.0.1");
    await channel.start();
    const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, secret);
    try {
      let ts = 1_720_000_000;
      for (const [i, text] of texts.entries()) {
        const event =
          i % 2 === 0
            ? { type: "message", channel_type: "im", user: `UF${i}`, text, ts: `${++ts}.000100`, channel: `DF${i}` }
            : { type: "app_mention", user: `UF${i}`, text: `<@${BOT_USER_ID}> ${text}`, ts: `${++ts}.000100`, channel: `CF${i}` };
        expect((await sender.event(event)).status).toBe(200);
      }
      const replied = (i: number) =>
        api.calls.some((c) => (c.method === "chat.postMessage" || c.method === "chat.postEphemeral") && c.status === 200 && c.params.channel === (i % 2 === 0 ? `DF${i}` : `CF${i}`));
      await waitUntil(() => texts.every((_, i) => replied(i)), 30_000, "a reply to every message");
      await channel.stop();
      const posts = api.calls.filter((c) => c.method === "chat.postMessage" || c.method === "chat.postEphemeral");
      for (const c of posts) expect(String(c.params.text)).not.toMatch(/Sorry, something went wrong/);
      expect(lines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    } finally {
      await channel.stop();
      await http.close();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
