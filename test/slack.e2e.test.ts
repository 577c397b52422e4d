// The Slack channel end to end: the real bolt 5 on planbot's shared HTTP server (or over Socket
// Mode), talking to a Slack Web API stand-in on 127.0.0.1, with requests signed like Slack's.
import { observed } from "./helpers/observed-qa.js";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSlackChannel } from "../src/channels/slack/adapter.js";
import { ASK_COMMAND } from "../src/channels/slack/command.js";
import { ExpiringSet } from "../src/state/expiring-set.js";
import type { Channel } from "../src/channels/channel.js";
import { loadConfig, secretsOf } from "../src/config.js";
import { BadQuestionError } from "../src/errors.js";
import { FeedbackStore, hashId } from "../src/feedback.js";
import { answerToSlack, CONTEXT_ACTION_ID, escapeMrkdwn, FEEDBACK_BLOCK_ID, shorten, SLACK_LIMITS, VOTE_ACTION_IDS } from "../src/format/slack-blocks.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import type { QaService } from "../src/types.js";
import { fakeQa } from "./helpers/fake-qa.js";
import { segment } from "../src/text/chinese/segmenter.js";
import { PLAN_DOC, planQa } from "./helpers/plan-qa.js";
import { eventCallback, SlackSender } from "./helpers/slack-sign.js";
import { BOT_ID, BOT_USER_ID, SlackApiStandIn, waitUntil, type ApiCall } from "./standins/slack-api.js";

// Deliberately fake-looking values: nothing here is, or resembles, a real credential.
const BOT_TOKEN = "xoxb-test-not-a-real-token";
const APP_TOKEN = "xapp-test-not-a-real-token";
const SIGNING_SECRET = "test-signing-secret-not-real";

interface Harness {
  api: SlackApiStandIn;
  channel: Channel;
  sender: SlackSender;
  lines: string[];
  feedbackFile: string;
  close(): Promise<void>;
}

const PLAN_SOURCE = PLAN_DOC;
// Questions the plan article answers, with what the answer must say.
const Q_COMPANIES = "How many fintech companies does Beijing want to attract by 2022?";
const Q_CLUSTERS = "How many innovation clusters does Beijing want to create?";

const recorded = observed;

/**
 * The service for tests that check answers: the real one over the plan article. The controllable
 * fake is only for what the real one cannot do on demand (be slow, fail, answer at huge length).
 */
async function answeringQa(): Promise<ReturnType<typeof observed>> {
  return recorded(await planQa());
}

// Builds the real index once for this file, outside any single test's time budget.
beforeAll(() => planQa(), 120_000);
afterAll(async () => (await planQa()).close());

/** Fails the first question (a broken index, say), then answers normally. */
function failingOnce(qa: QaService): QaService {
  let failed = false;
  return {
    ask: (q) => (failed ? qa.ask(q) : ((failed = true), Promise.reject(new Error("the index is unreadable (simulated)")))),
    sources: () => qa.sources(),
    exampleQuestions: () => qa.exampleQuestions(),
  };
}

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

interface StartOptions {
  qa?: QaService;
  env?: Record<string, string>;
  /** Socket Mode instead of HTTP. */
  socket?: boolean;
  /** Give the logger the secrets to redact (as main.ts does). Off = prove nothing logs them. */
  loggerKnowsSecrets?: boolean;
}

async function startSlack(opts: StartOptions = {}): Promise<Harness> {
  const api = await new SlackApiStandIn().start();
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-slack-"));
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ...(opts.socket ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      SLACK_API_URL: api.apiUrl,
      DATA_DIR: dir,
      PORT: "0",
      LOG_LEVEL: "debug",
      ...opts.env,
    },
    dir,
  );
  const lines: string[] = [];
  const log = createLogger({
    level: "debug",
    json: true,
    secrets: opts.loggerKnowsSecrets === false ? [] : secretsOf(config),
    write: (line) => lines.push(line),
  });
  const http = new HttpServer();
  const feedback = new FeedbackStore(config.dataDir);
  const channel = createSlackChannel({ qa: opts.qa ?? (await answeringQa()), config, log, feedback, http });
  // As main.ts does: listen first (only if a route was registered), then start the channel.
  const port = http.hasRoutes ? await http.listen(0, "127.0.0.1") : 0;
  await channel.start();
  const h: Harness = {
    api,
    channel,
    sender: new SlackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET),
    lines,
    feedbackFile: feedback.file,
    async close() {
      await channel.stop();
      await http.close();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  open.push(h);
  return h;
}

let tsCounter = 1_700_000_100;
const nextTs = () => `${++tsCounter}.000200`;

function mention(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "app_mention", user: "UASKER", text: `<@${BOT_USER_ID}> ${text}`, ts: nextTs(), channel: "CGENERAL", ...extra };
}

function dm(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "message", channel_type: "im", user: "UASKER", text, ts: nextTs(), channel: "DASKER", ...extra };
}

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { text?: string; value?: string; action_id?: string }[] };
function blocksOf(params: Record<string, unknown>): Block[] {
  return (params.blocks ?? []) as Block[];
}
const sectionTexts = (p: Record<string, unknown>) =>
  blocksOf(p)
    .filter((b) => b.type === "section")
    .map((b) => b.text!.text);
const contextTexts = (p: Record<string, unknown>) =>
  blocksOf(p)
    .filter((b) => b.type === "context")
    .flatMap((b) => b.elements!.map((e) => e.text ?? ""));

const posted = (h: Harness) => h.api.callsOf("chat.postMessage");
const waitForPosts = (h: Harness, n: number, timeoutMs = 5_000) => waitUntil(() => posted(h).length >= n && posted(h), timeoutMs, `${n} chat.postMessage`);

/** Checks a posted answer: answer section, sources context, fallback text, feedback buttons. */
function expectAnswerMessage(call: ApiCall): void {
  const sections = sectionTexts(call.params);
  expect(sections.length).toBeGreaterThan(0);
  expect(sections.join(" ")).toMatch(/\[\d+\]/);
  expect(contextTexts(call.params).join("\n")).toContain(PLAN_SOURCE);
  expect(String(call.params.text)).toContain(PLAN_SOURCE);
  expect(blocksOf(call.params).some((b) => b.type === "actions" && b.block_id === FEEDBACK_BLOCK_ID)).toBe(true);
  expect(call.token).toBe(BOT_TOKEN);
}

describe("Slack over HTTP (Events API)", () => {
  it("answers a channel mention once, in a thread on the mention, with answer and sources in blocks", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa });
    const ev = mention(Q_COMPANIES);
    const reply = await h.sender.event(ev);
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeLessThan(1_000);

    const [post] = await waitForPosts(h, 1);
    expect(post!.params.channel).toBe("CGENERAL");
    expect(post!.params.thread_ts).toBe(ev.ts);
    expectAnswerMessage(post!);
    expect(sectionTexts(post!.params).join(" ")).toMatch(/five to ten/i);
    // The bot's own mention is not part of the question.
    expect(qa.asked).toEqual([Q_COMPANIES]);
    await waitUntil(() => h.api.callsOf("reactions.add")[0], 2_000, "reactions.add");
    expect(h.api.callsOf("reactions.add")[0]!.params).toMatchObject({ channel: "CGENERAL", timestamp: ev.ts, name: "eyes" });
  });

  it("replies to a greeting in conversation: no sources, no vote buttons, example questions", async () => {
    const h = await startSlack();
    await h.sender.event(mention("hi there!"));
    const [post] = await waitForPosts(h, 1);
    const text = sectionTexts(post!.params).join("\n");
    expect(text).toMatch(/^Hello! I answer questions about the documents/);
    expect(text).toContain("Which district will host the banking and insurance technology cluster?");
    expect(contextTexts(post!.params)).toEqual([]);
    expect(blocksOf(post!.params).some((b) => b.type === "actions")).toBe(false);
  });

  it("marks the short answer of a direct question in bold", async () => {
    const h = await startSlack();
    await h.sender.event(mention("Which district will host the banking and insurance technology cluster?"));
    const [post] = await waitForPosts(h, 1);
    expectAnswerMessage(post!);
    expect(sectionTexts(post!.params)[0]).toMatch(/^For instance, .*in \*Shijingshan District\*;/);
  });

  it("answers a mention inside a thread in that same thread", async () => {
    const h = await startSlack();
    const ev = mention("What are the clusters?", { thread_ts: "1699999999.000100" });
    expect((await h.sender.event(ev)).status).toBe(200);
    const [post] = await waitForPosts(h, 1);
    expect(post!.params.thread_ts).toBe("1699999999.000100");
    expectAnswerMessage(post!);
  });

  it("answers a direct message in the DM, and ignores bot messages, edits and other subtypes", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa });
    await h.sender.event(dm("hello from a bot", { bot_id: "BOTHER", subtype: "bot_message" }));
    await h.sender.event(dm("my own echo", { bot_id: BOT_ID }));
    await h.sender.event(dm("edited", { subtype: "message_changed" }));
    await h.sender.event(mention("an edited mention", { edited: { user: "UASKER", ts: "1" } }));
    await h.sender.event(mention("a bot's mention", { bot_id: "BOTHER" }));
    const ev = dm("What does the plan aim for?");
    expect((await h.sender.event(ev)).status).toBe(200);

    const [post] = await waitForPosts(h, 1);
    expect(post!.params.channel).toBe("DASKER");
    expect(post!.params.thread_ts).toBeUndefined();
    expectAnswerMessage(post!);
    await h.channel.stop(); // lets anything still running finish before counting
    expect(posted(h)).toHaveLength(1);
    expect(qa.asked).toEqual(["What does the plan aim for?"]);
  });

  it("gives an empty mention a usage hint only the asker sees", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa });
    await h.sender.event(mention(""));
    const hint = await waitUntil(() => h.api.callsOf("chat.postEphemeral")[0], 5_000, "chat.postEphemeral");
    expect(hint.params).toMatchObject({ channel: "CGENERAL", user: "UASKER" });
    expect(String(hint.params.text)).toContain("/ask");
    expect(qa.asked).toHaveLength(0);
  });

  it("acks /ask at once, well inside 3 s, even while the answer is still being worked out", async () => {
    const qa = fakeQa();
    const release = qa.hold(); // the answer takes as long as the test wants
    const h = await startSlack({ qa });
    const ack = await h.sender.command({ text: Q_CLUSTERS, response_url: h.api.responseUrl("slow") });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1_000);
    expect(ack.text).toContain("Looking in the documents");
    await waitUntil(() => qa.asked.length === 1, 2_000, "the question to reach the QaService");
    expect(h.api.responses).toHaveLength(0);
    release();
    const res = await waitUntil(() => h.api.responses.find((r) => r.id === "slow"), 5_000, "response_url post");
    expect(res.body.response_type).toBe("ephemeral");
  });

  it("answers /ask through response_url, only for the asker by default", async () => {
    const h = await startSlack();
    await h.sender.command({ text: Q_CLUSTERS, response_url: h.api.responseUrl("ask1") });
    const res = await waitUntil(() => h.api.responses.find((r) => r.id === "ask1"), 5_000, "response_url post");
    expect(res.body.response_type).toBe("ephemeral");
    expect(res.body.replace_original).toBe(false);
    expect(contextTexts(res.body)[0]).toBe(`<@UASKER> asked: _${Q_CLUSTERS}_`);
    expect(sectionTexts(res.body).join(" ")).toMatch(/three to five/i);
    expect(contextTexts(res.body).join("\n")).toContain(PLAN_SOURCE);
    expect(posted(h)).toHaveLength(0);
  });

  it("posts /ask answers in the channel when SLACK_ASK_RESPONSE=in_channel", async () => {
    const h = await startSlack({ env: { SLACK_ASK_RESPONSE: "in_channel" } });
    await h.sender.command({ text: Q_CLUSTERS, response_url: h.api.responseUrl("ask2") });
    const res = await waitUntil(() => h.api.responses.find((r) => r.id === "ask2"), 5_000, "response_url post");
    expect(res.body.response_type).toBe("in_channel");
  });

  it("answers an empty /ask with usage and /ask help with what the bot knows, in the ack", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa });
    const empty = await h.sender.command({ text: "  ", response_url: h.api.responseUrl("u") });
    expect(empty.status).toBe(200);
    const usage = JSON.parse(empty.text) as { response_type: string; text: string };
    expect(usage.response_type).toBe("ephemeral");
    expect(usage.text).toContain("Ask me a question");
    const help = await h.sender.command({ text: "help", response_url: h.api.responseUrl("h") });
    const helpText = (JSON.parse(help.text) as { text: string }).text;
    for (const source of qa.sources()) expect(helpText).toContain(source);
    expect(helpText).toContain(PLAN_SOURCE);
    for (const example of qa.exampleQuestions().slice(0, 5)) expect(helpText).toContain(escapeMrkdwn(shorten(example, 200)));
    expect(qa.asked).toHaveLength(0);
  });

  it("answers a Chinese question with the English quote and Chinese words around it", async () => {
    // The dictionary loads on the first Chinese question (seconds on a loaded CI machine); loaded
    // first, the answer comes before the stand-in drops the idle keep-alive socket that bolt's
    // respond() would reuse (a race of the test's HTTP server, not of Slack's).
    segment("预热");
    const h = await startSlack();
    await h.sender.command({ text: "财富管理产业集群设在哪个区？", response_url: h.api.responseUrl("zh") });
    const res = await waitUntil(() => h.api.responses.find((r) => r.id === "zh"), 10_000, "response_url post");
    expect(contextTexts(res.body)[0]).toBe("<@UASKER> 问: _财富管理产业集群设在哪个区？_");
    expect(sectionTexts(res.body).join(" ")).toMatch(/a wealth management industry cluster in \*?Tongzhou District/);
    const sources = contextTexts(res.body).join("\n");
    expect(sources).toContain("*来源*");
    expect(sources).toContain(PLAN_SOURCE);
    expect(sources).not.toContain("Sources");
  });

  it("answers /ask and /ask help in Chinese for a user whose Slack client is in Chinese", async () => {
    const h = await startSlack();
    h.api.locales.set("UZH", "zh-CN");
    const empty = await h.sender.command({ text: "", user_id: "UZH", response_url: h.api.responseUrl("zu") });
    expect((JSON.parse(empty.text) as { text: string }).text).toContain("请问我关于这些文档的问题");
    const help = await h.sender.command({ text: "help", user_id: "UZH", response_url: h.api.responseUrl("zh") });
    const helpText = (JSON.parse(help.text) as { text: string }).text;
    expect(helpText).toContain("我回答关于这些文档的问题");
    expect(helpText).toContain(PLAN_SOURCE);
    // The locale is asked once per user.
    expect(h.api.callsOf("users.info").filter((c) => c.params.user === "UZH")).toHaveLength(1);
  });

  it("records a 👍 as one JSON line with the user hashed, and updates the message to thank them", async () => {
    const h = await startSlack();
    await h.sender.event(mention(Q_COMPANIES));
    const [post] = await waitForPosts(h, 1);
    const buttons = blocksOf(post!.params).find((b) => b.type === "actions")!;
    const up = buttons.elements!.find((e) => e.action_id === VOTE_ACTION_IDS.up)!;
    const messageTs = String(post!.response!.ts);

    const ack = await h.sender.interaction({
      type: "block_actions",
      team: { id: "TTEST" },
      user: { id: "UVOTER", username: "voter", team_id: "TTEST" },
      api_app_id: "ATEST",
      token: "legacy-verification-token",
      trigger_id: "1.2.3",
      container: { type: "message", message_ts: messageTs, channel_id: "CGENERAL", is_ephemeral: false },
      channel: { id: "CGENERAL", name: "general" },
      message: { type: "message", user: BOT_USER_ID, bot_id: BOT_ID, ts: messageTs, text: post!.params.text, blocks: post!.params.blocks },
      response_url: h.api.responseUrl("vote1"),
      actions: [{ type: "button", action_id: up.action_id, block_id: FEEDBACK_BLOCK_ID, value: up.value, action_ts: "1.2" }],
    });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1_000);

    const update = await waitUntil(() => h.api.callsOf("chat.update")[0], 5_000, "chat.update");
    expect(update.params).toMatchObject({ channel: "CGENERAL", ts: messageTs });
    const updated = blocksOf(update.params);
    // The votes are gone; "Show in context" stays.
    const left = updated.filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);
    expect(left.map((e) => e.action_id)).toEqual([CONTEXT_ACTION_ID]);
    expect(contextTexts(update.params).at(-1)).toContain("Thanks for the feedback, <@UVOTER>");
    expect(sectionTexts(update.params)).toEqual(sectionTexts(post!.params));

    const lines = (await readFile(h.feedbackFile, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, string>;
    expect(entry).toMatchObject({ channel: "slack", vote: "up", who: hashId("UVOTER"), question: Q_COMPANIES });
    expect(entry.answer).toMatch(/five to ten/i);
    expect(Number.isNaN(Date.parse(entry.time!))).toBe(false);
    expect(lines[0]).not.toContain("UVOTER");
  });

  it("thanks for a 👎 on an ephemeral /ask answer through response_url", async () => {
    const h = await startSlack();
    await h.sender.command({ text: Q_CLUSTERS, response_url: h.api.responseUrl("ask3") });
    const res = await waitUntil(() => h.api.responses.find((r) => r.id === "ask3"), 5_000, "response_url post");
    const down = blocksOf(res.body)
      .find((b) => b.type === "actions")!
      .elements!.find((e) => e.action_id === VOTE_ACTION_IDS.down)!;
    await h.sender.interaction({
      type: "block_actions",
      team: { id: "TTEST" },
      user: { id: "UASKER", team_id: "TTEST" },
      api_app_id: "ATEST",
      container: { type: "message", message_ts: "1.1", channel_id: "CGENERAL", is_ephemeral: true },
      channel: { id: "CGENERAL", name: "general" },
      response_url: h.api.responseUrl("vote2"),
      actions: [{ type: "button", action_id: down.action_id, block_id: FEEDBACK_BLOCK_ID, value: down.value, action_ts: "1.3" }],
    });
    const thanks = await waitUntil(() => h.api.responses.find((r) => r.id === "vote2"), 5_000, "thanks");
    expect(thanks.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(thanks.body.text)).toContain("Thanks for the feedback");
    const entry = JSON.parse((await readFile(h.feedbackFile, "utf8")).trim()) as Record<string, string>;
    expect(entry).toMatchObject({ vote: "down", question: Q_CLUSTERS });
  });

  it("refuses a bad signature and a stale timestamp with 401, and answers neither", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa });
    const bad = await h.sender.event(mention("forged"), { signature: "v0=" + "0".repeat(64) });
    expect(bad.status).toBe(401);
    const stale = await h.sender.event(mention("replayed"), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const forgedCommand = await h.sender.command({ text: "forged", response_url: h.api.responseUrl("x") }, { signature: "v0=abc" });
    expect(forgedCommand.status).toBe(401);

    await h.sender.event(mention("genuine")); // a barrier: once it is answered, the others would have been too
    await waitForPosts(h, 1);
    await h.channel.stop();
    expect(qa.asked).toEqual(["genuine"]);
    expect(posted(h)).toHaveLength(1);
  });

  it("answers Slack's url_verification challenge (when the Request URL is saved)", async () => {
    const h = await startSlack();
    const r = await h.sender.send(JSON.stringify({ type: "url_verification", token: "t", challenge: "ch4ll3nge" }), "application/json");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ challenge: "ch4ll3nge" });
  });

  it("drops Slack's retries and duplicate deliveries of an event_id (acked, never answered twice)", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa });
    const ev = mention(Q_COMPANIES);
    for (const opts of [{}, {}, { retryNum: 1 }, { retryNum: 2 }]) {
      const r = await h.sender.event(ev, { eventId: "EvSAME", ...opts });
      expect(r.status).toBe(200);
    }
    // A retry of an event we never saw is dropped too: its first delivery is on its way or done.
    expect((await h.sender.event(mention("lost?"), { eventId: "EvOTHER", retryNum: 1 })).status).toBe(200);
    await h.sender.event(mention("barrier"), { eventId: "EvBARRIER" });
    await waitForPosts(h, 2);
    await h.channel.stop();
    expect(qa.asked).toEqual([Q_COMPANIES, "barrier"]);
    expect(posted(h).map((c) => c.params.thread_ts)).toEqual([ev.ts, expect.any(String)]);
  });

  it("retries chat.postMessage after a 429's Retry-After and the answer arrives", async () => {
    const h = await startSlack();
    h.api.failNext("chat.postMessage", { status: 429, retryAfterSec: 1 });
    const ev = mention(Q_COMPANIES);
    await h.sender.event(ev);
    const [post] = await waitForPosts(h, 1, 8_000);
    const attempts = h.api.calls.filter((c) => c.method === "chat.postMessage");
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(post!.params.thread_ts).toBe(ev.ts);
    expectAnswerMessage(post!);
  });

  it("retries a 500 quickly (not for minutes)", async () => {
    const h = await startSlack();
    h.api.failNext("chat.postMessage", { status: 500 });
    await h.sender.event(mention(Q_COMPANIES));
    await waitForPosts(h, 1, 5_000);
    const attempts = h.api.calls.filter((c) => c.method === "chat.postMessage");
    expect(attempts.map((c) => c.status)).toEqual([500, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeLessThan(2_000);
  });

  it("splits an enormous answer over several messages in the thread, none past Slack's limits", async () => {
    const qa = fakeQa({ answer: "Beijing plans clusters in five districts [1]. ".repeat(4_000) });
    const expected = answerToSlack(await qa.ask("q")).length;
    expect(expected).toBeGreaterThan(1);
    const h = await startSlack({ qa });
    const ev = mention("Tell me everything");
    await h.sender.event(ev);
    const posts = await waitForPosts(h, expected);
    for (const p of posts) {
      expect(p.params.thread_ts).toBe(ev.ts);
      expect(blocksOf(p.params).length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      for (const s of sectionTexts(p.params)) expect(s.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(blocksOf(posts.at(-1)!.params).some((b) => b.type === "actions")).toBe(true);
    expect(contextTexts(posts.at(-1)!.params).join("\n")).toContain(PLAN_SOURCE);
  });

  it("replies politely past the per-user rate limit", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa, env: { RATE_LIMIT_PER_MINUTE: "1" } });
    await h.sender.event(mention(Q_COMPANIES));
    await h.sender.event(mention(Q_CLUSTERS));
    const note = await waitUntil(() => h.api.callsOf("chat.postEphemeral")[0], 5_000, "rate-limit note");
    expect(note.params).toMatchObject({ user: "UASKER" });
    expect(String(note.params.text)).toMatch(/try again in about \d+ s/);
    await waitForPosts(h, 1);
    expect(qa.asked).toEqual([Q_COMPANIES]);
  });

  it("answers only in SLACK_ALLOWED_CHANNELS (with dm allowing direct messages)", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa, env: { SLACK_ALLOWED_CHANNELS: "CALLOWED,dm" } });
    await h.sender.event(mention("elsewhere"));
    const note = await waitUntil(() => h.api.callsOf("chat.postEphemeral")[0], 5_000, "not-allowed note");
    expect(String(note.params.text)).toContain("not enabled");
    const denied = await h.sender.command({ text: "elsewhere too", response_url: h.api.responseUrl("d") });
    expect(denied.text).toContain("not enabled");
    await h.sender.event(mention(Q_COMPANIES, { channel: "CALLOWED" }));
    await h.sender.event(dm(Q_CLUSTERS));
    await waitForPosts(h, 2);
    expect(
      posted(h)
        .map((p) => p.params.channel)
        .sort(),
    ).toEqual(["CALLOWED", "DASKER"]);
    expect([...qa.asked].sort()).toEqual([Q_COMPANIES, Q_CLUSTERS].sort());
  });

  it("apologises in the thread when answering fails, and keeps answering", async () => {
    const h = await startSlack({ qa: failingOnce(fakeQa()) });
    const ev = mention(Q_COMPANIES);
    await h.sender.event(ev);
    const [apology] = await waitForPosts(h, 1);
    expect(apology!.params.thread_ts).toBe(ev.ts);
    expect(String(apology!.params.text)).toMatch(/^Sorry, something went wrong/);
    expect(String(apology!.params.text)).not.toContain("unreadable"); // no internals shown to users

    await h.sender.event(mention(Q_COMPANIES));
    const [, answer] = await waitForPosts(h, 2);
    expectAnswerMessage(answer!);
    expect(h.lines.some((l) => l.includes("answering failed"))).toBe(true);
  });

  it("passes the QaService's reason for refusing a question to the asker only", async () => {
    const refusing: QaService = {
      ask: () => Promise.reject(new BadQuestionError("That question is too long (2100 characters).")),
      sources: () => [PLAN_SOURCE],
      exampleQuestions: () => [],
    };
    const h = await startSlack({ qa: refusing });
    await h.sender.event(mention("x".repeat(2100)));
    const note = await waitUntil(() => h.api.callsOf("chat.postEphemeral")[0], 5_000, "chat.postEphemeral");
    expect(note.params).toMatchObject({ channel: "CGENERAL", user: "UASKER" });
    expect(String(note.params.text)).toContain("That question is too long");
    await h.channel.stop();
    expect(posted(h)).toHaveLength(0);
  });

  it("lets an answer in flight finish on stop, then turns new deliveries away", async () => {
    const qa = fakeQa();
    const release = qa.hold();
    const h = await startSlack({ qa });
    const ev = mention(Q_COMPANIES);
    await h.sender.event(ev);
    await waitUntil(() => qa.asked.length === 1, 2_000, "the question to be asked");
    let stopped = false;
    const stopping = h.channel.stop().then(() => (stopped = true));
    // Intake is closed at once (Slack will redeliver elsewhere)...
    expect((await h.sender.event(mention("too late"))).status).toBe(503);
    // ...but stop() waits for the answer in flight.
    expect(stopped).toBe(false);
    expect(posted(h)).toHaveLength(0);
    release();
    await stopping;
    expect(posted(h)).toHaveLength(1);
    expect(posted(h)[0]!.params.thread_ts).toBe(ev.ts);
    expect(qa.asked).toEqual([Q_COMPANIES]);
  });
});

describe("the de-duplication window", () => {
  it("forgets event ids after their time and never holds more than its bound", () => {
    let now = 0;
    const seen = new ExpiringSet(1_000, 3, () => now);
    expect(seen.add("a")).toBe(true);
    expect(seen.add("a")).toBe(false);
    now = 1_000;
    expect(seen.add("a")).toBe(true); // expired, so new again
    for (const id of ["b", "c", "d"]) seen.add(id);
    expect(seen.add("a")).toBe(true); // the oldest was evicted to stay within 3
    expect(seen.add("d")).toBe(false);
  });
});

describe("Slack over Socket Mode", () => {
  it("connects through apps.connections.open, acks the envelope and answers in the thread", async () => {
    const qa = await answeringQa();
    const h = await startSlack({ qa, socket: true });
    const open = h.api.callsOf("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect(h.api.socketCount).toBe(1);

    const ev = mention(Q_COMPANIES);
    const payload = eventCallback(ev, "EvSOCKET");
    h.api.sendToSockets({ envelope_id: "env-1", type: "events_api", accepts_response_payload: false, retry_attempt: 0, retry_reason: "", payload });
    await waitUntil(() => h.api.socketMessages.find((m) => m.envelope_id === "env-1"), 5_000, "envelope ack");
    const [post] = await waitForPosts(h, 1);
    expect(post!.params.thread_ts).toBe(ev.ts);
    expectAnswerMessage(post!);

    // Slack's redelivery over the socket: acked, not answered again.
    h.api.sendToSockets({ envelope_id: "env-2", type: "events_api", accepts_response_payload: false, retry_attempt: 1, retry_reason: "timeout", payload });
    await waitUntil(() => h.api.socketMessages.find((m) => m.envelope_id === "env-2"), 5_000, "retry ack");
    await h.channel.stop();
    expect(posted(h)).toHaveLength(1);
    expect(qa.asked).toHaveLength(1);
  });
});

describe("the app manifest", () => {
  it("declares the scopes, events, /ask command, interactivity and Socket Mode the channel relies on", async () => {
    const manifest = await readFile(new URL("../docs/slack-app-manifest.yaml", import.meta.url), "utf8");
    const listed = (key: string) => new RegExp(`^\\s*-\\s*${key.replace(/[.*]/g, "\\$&")}\\s*(#.*)?$`, "m");
    for (const scope of ["app_mentions:read", "chat:write", "commands", "files:read", "im:history", "im:read", "im:write", "reactions:write"]) {
      expect(manifest).toMatch(listed(scope));
    }
    for (const event of ["app_mention", "message.im"]) expect(manifest).toMatch(listed(event));
    expect(manifest).toMatch(new RegExp(`command: ${ASK_COMMAND}$`, "m"));
    expect(manifest).toMatch(/^\s*is_enabled: true/m);
    expect(manifest).toMatch(/^\s*socket_mode_enabled: true/m);
  });
});

describe("secrets", () => {
  it("never writes the bot token, app token or signing secret to the logs, even at debug level", async () => {
    // The logger is not told the secrets here: only what bolt and planbot choose to log is tested.
    const http = await startSlack({ loggerKnowsSecrets: false });
    await http.sender.event(mention(Q_COMPANIES));
    await http.sender.event(mention("forged"), { signature: "v0=bad" });
    await http.sender.command({ text: Q_CLUSTERS, response_url: http.api.responseUrl("s") });
    await waitForPosts(http, 1);
    await waitUntil(() => http.api.responses[0], 5_000, "response_url post");
    const socket = await startSlack({ loggerKnowsSecrets: false, socket: true });
    await http.channel.stop();
    await socket.channel.stop();

    const lines = [...http.lines, ...socket.lines];
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes("http request"))).toBe(true); // bolt's debug lines are captured
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) {
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
    }
  });
});
