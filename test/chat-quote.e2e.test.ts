// Citations people can open and check, and feedback that changes something, end to end: the
// real telegraf and bolt against the platform stand-ins, answering from a real index over a corpus
// with a Markdown page that has an address (url: front matter), a PDF and the plan article.
// `/quote N` and "Show in context" show the passage in its context; a 👎 asks for a reason
// (Telegram force reply, Slack modal) that lands in the feedback file, whose export the
// evaluation accepts.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Message } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSlackChannel } from "../src/channels/slack/adapter.js";
import { loadConfig } from "../src/config.js";
import { FeedbackStore, hashId } from "../src/feedback.js";
import { CONTEXT_ACTION_ID, FEEDBACK_BLOCK_ID, VOTE_ACTION_IDS } from "../src/format/slack-blocks.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import { Qa } from "../src/qa.js";
import { observed } from "./helpers/observed-qa.js";
import { makePdfPages } from "./helpers/pdf.js";
import { corpusConfig, PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";
import { run } from "./helpers/run.js";
import { SlackSender } from "./helpers/slack-sign.js";
import { answerTo, privateChat, replyTo, startTelegram, type Harness } from "./helpers/telegram-harness.js";
import { tempDir } from "./helpers/tmp.js";
import { BOT_ID, BOT_USER_ID, SlackApiStandIn, waitUntil, type ApiCall } from "./standins/slack-api.js";

vi.setConfig({ testTimeout: 20_000 });

const ZONES =
  "---\nurl: https://example.org/zones\n---\n# Zones\n\nThe bureau opened its first zone in May. The Zürich-style sandbox, run by the bureau, admits 12 start-ups each quarter. Applications close on the first of each month.\n";
const Q_ZONES = "How many start-ups does the sandbox admit each quarter?";
const Q_PDF = "Where do the cross-border settlement pilots start?";
/** The text fragment of the sandbox sentence: a comma, a dash and a non-ASCII letter, encoded. */
const FRAGMENT = /^https:\/\/example\.org\/zones#:~:text=.*Z%C3%BCrich%2Dstyle/;

let corpus: string;
let indexDir: string;
let qa: Qa;
let asked: ReturnType<typeof observed>;

beforeAll(async () => {
  corpus = path.join(await tempDir(), "corpus");
  await mkdir(corpus);
  await writeFile(path.join(corpus, "zones.md"), ZONES);
  await writeFile(path.join(corpus, "annex.pdf"), makePdfPages([["The annex covers payments."], ["Cross-border settlement pilots start in Tongzhou district."]]));
  await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(corpus, PLAN_DOC));
  // A folder index: `npm run eval -- --index` reads it back below.
  const config = await corpusConfig(corpus, "hnsw");
  indexDir = config.indexDir;
  qa = await Qa.open(config);
  asked = observed(qa);
}, 120_000);
afterAll(() => qa?.close());

const html = (c: { params: Record<string, unknown> }) => String(c.params.text);
const linesOf = async (file: string) =>
  (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, any>);

describe("Telegram: /quote N and the reason after a 👎", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTelegram({ qa: asked });
  }, 60_000);
  afterAll(() => h?.close());
  let nextUser = 5000;
  const newUser = () => ({ id: nextUser++, is_bot: false as const, first_name: "Reader" });

  async function ask(text: string) {
    const u = newUser();
    const chat = privateChat(u);
    const m = await h.api.userSays({ chat, from: u, text });
    const parts = await answerTo(h.api, m);
    return { u, chat, m, answer: parts.at(-1)!.result as Message.TextMessage, html: parts.map(html).join("") };
  }

  async function say(chat: ReturnType<typeof privateChat>, from: ReturnType<typeof newUser>, text: string, replyToMessage?: Message) {
    const m = await h.api.userSays({ chat, from, text, replyTo: replyToMessage });
    return { m, reply: await replyTo(h.api, m) };
  }

  it("links a Markdown citation with its text fragment, and /quote 1 shows it in context with file and offsets", async () => {
    const { u, chat, html: answerHtml } = await ask(Q_ZONES);
    const href = /<a href="([^"]+)"><i>zones\.md<\/i><\/a>/.exec(answerHtml)?.[1]?.replace(/&amp;/g, "&");
    expect(href).toMatch(FRAGMENT);

    const { reply } = await say(chat, u, "/quote 1");
    expect(reply.status).toBe(200);
    const text = html(reply);
    const doc = ZONES;
    const quoted = /<b>(.+?)<\/b>/g.exec(text.split("\n")[1]!)?.[1];
    expect(quoted).toContain("Zürich-style sandbox");
    const start = doc.indexOf(quoted!);
    expect(text).toContain(`<b>[1]</b> <i>zones.md</i> · characters ${start}–${start + quoted!.length}`);
    // The sentences around it, and the link to the passage.
    expect(text).toContain("The bureau opened its first zone in May.");
    expect(text).toContain("Applications close on the first of each month.");
    expect(text).toContain(`<a href="${href!.replace(/&/g, "&amp;")}">Open the passage</a>`);
  });

  it("/quote names the page of a PDF; out of range and not a number get a clear message", async () => {
    const { u, chat } = await ask(Q_PDF);
    const { reply } = await say(chat, u, "/quote");
    expect(html(reply)).toMatch(/<i>annex\.pdf<\/i> · characters \d+–\d+ · page 2/);
    expect(html(reply)).toContain("<b>Cross-border settlement pilots start in Tongzhou district.</b>");
    const far = await say(chat, u, "/quote 9");
    expect(html(far.reply)).toMatch(/There is no source 9 in that answer: it has (only source 1|sources 1 to \d)/);
    const word = await say(chat, u, "/quote first");
    expect(html(word.reply)).toContain("Put the number of a source after the command");
  });

  it("/quote as a reply picks that answer; with no answer yet it says to ask first", async () => {
    const u = newUser();
    const chat = privateChat(u);
    const none = await say(chat, u, "/quote 1");
    expect(html(none.reply)).toContain("There is no answer of mine here to quote yet");
    const first = await h.api.userSays({ chat, from: u, text: Q_ZONES });
    const zonesAnswer = (await answerTo(h.api, first)).at(-1)!.result as Message;
    const second = await h.api.userSays({ chat, from: u, text: Q_PDF });
    await answerTo(h.api, second);
    const { reply } = await say(chat, u, "/quote 1", zonesAnswer);
    expect(html(reply)).toContain("<i>zones.md</i>");
  });

  it("after a 👎 asks for a reason by force reply; the reply is stored with what was answered, not asked", async () => {
    const { u, chat, answer } = await ask(Q_ZONES);
    await h.api.press(answer, "vote:down", u);
    const promptTo = (m: Message) => (c: { method: string; status: number; params: Record<string, any> }) =>
      c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === m.chat.id && c.params.reply_parameters?.message_id === m.message_id;
    const prompt = await h.api.waitFor(promptTo(answer), "the reason prompt");
    expect(html(prompt)).toBe("What was wrong? (optional, one line)");
    expect(JSON.parse(JSON.stringify(prompt.params.reply_markup))).toMatchObject({ force_reply: true });

    const before = asked.asked.length;
    const { reply } = await say(chat, u, "It should say twelve,\nnot 12", prompt.result as Message);
    expect(html(reply)).toContain("Noted, thank you");
    expect(asked.asked.length).toBe(before);

    const mine = (await linesOf(h.feedback.file)).filter((l) => l.question === Q_ZONES && l.vote === "down");
    expect(mine).toHaveLength(2);
    const [vote, reason] = mine;
    const version = path.basename(realpathSync(indexDir)).replace(/^\.[^.]+\./, "");
    for (const line of [vote, reason]) {
      expect(line).toMatchObject({ channel: "telegram", who: hashId(String(chat.id)), indexVersion: version });
      expect(line!.answer).toContain("12");
      expect(line!.citations.some((c: { source: string }) => c.source === "zones.md")).toBe(true);
    }
    expect(reason).toMatchObject({ type: "reason", reason: "It should say twelve, not 12" });

    // A 👎 whose reason is skipped stores the vote alone; a later reply to the bot is a question again.
    const other = await ask(Q_PDF);
    await h.api.press(other.answer, "vote:down", other.u);
    await h.api.waitFor(promptTo(other.answer), "the second prompt");
    const pdfLines = (await linesOf(h.feedback.file)).filter((l) => l.question === Q_PDF);
    expect(pdfLines.map((l) => l.type ?? "vote")).toEqual(["vote"]);
  });

  it("npm run feedback -- --export writes the 👎 case, and npm run eval -- --dataset accepts it", async () => {
    const exported = path.join(path.dirname(corpus), "feedback-cases.jsonl");
    const ex = await run("scripts/feedback.ts", ["--file", h.feedback.file, "--export", exported]);
    expect(ex.code, ex.stderr).toBe(0);
    const cases = (await readFile(exported, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, any>);
    const zones = cases.find((c) => c.question === Q_ZONES)!;
    expect(zones).toMatchObject({ answers: [], feedback: { reasons: ["It should say twelve, not 12"] } });
    const out = path.join(path.dirname(corpus), "report.json");
    const ev = await run("scripts/eval.ts", ["--dataset", exported, "--corpus", corpus, "--index", indexDir, "--out", out], { timeoutMs: 180_000 });
    expect(ev.code, ev.stderr).toBe(0);
    const report = JSON.parse(await readFile(out, "utf8"));
    expect(report.retrievers.hybrid.questions.map((q: { question: string }) => q.question)).toContain(Q_ZONES);
  }, 240_000);
});

describe("Slack: Show in context and the reason modal after a 👎", () => {
  const SECRET = "test-signing-secret-not-real";
  let api: SlackApiStandIn;
  let http: HttpServer;
  let sender: SlackSender;
  let feedback: FeedbackStore;
  let stop: () => Promise<void>;
  let ts = 1_700_100_000;

  beforeAll(async () => {
    api = await new SlackApiStandIn().start();
    const dir = await tempDir();
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-test-not-a-real-token", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl, DATA_DIR: dir, PORT: "0" }, dir);
    http = new HttpServer();
    feedback = new FeedbackStore(config.dataDir);
    const channel = createSlackChannel({ qa, config, log: createLogger({ level: "error", json: true, write: () => undefined }), feedback, http });
    sender = new SlackSender(`http://127.0.0.1:${await http.listen(0, "127.0.0.1")}/slack/events`, SECRET);
    await channel.start();
    stop = async () => {
      await channel.stop();
      await http.close();
      await api.close();
    };
  }, 60_000);
  afterAll(() => stop?.());

  type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { text?: string | { text: string }; value?: string; action_id?: string }[] };
  const blocks = (c: { params: Record<string, unknown> }) => (c.params.blocks ?? []) as Block[];
  const button = (post: ApiCall, actionId: string) =>
    blocks(post)
      .flatMap((b) => (b.block_id === FEEDBACK_BLOCK_ID ? b.elements! : []))
      .find((e) => e.action_id === actionId)!;

  async function mentionAnswer(question: string): Promise<{ post: ApiCall; at: string }> {
    const at = `${++ts}.000300`;
    const seen = api.callsOf("chat.postMessage").length;
    await sender.event({ type: "app_mention", user: "UASKER", text: `<@${BOT_USER_ID}> ${question}`, ts: at, channel: "CGENERAL" });
    const post = await waitUntil(
      () =>
        api
          .callsOf("chat.postMessage")
          .slice(seen)
          .find((c) => c.params.thread_ts === at),
      8_000,
      "the answer",
    );
    return { post, at };
  }

  function press(post: ApiCall | undefined, actionId: string, value: string, responseUrl: string) {
    const messageTs = post ? String(post.response!.ts) : undefined;
    return sender.interaction({
      type: "block_actions",
      team: { id: "TTEST" },
      user: { id: "UVOTER", username: "voter", team_id: "TTEST" },
      api_app_id: "ATEST",
      token: "legacy-verification-token",
      trigger_id: `trigger-${++ts}`,
      container: post ? { type: "message", message_ts: messageTs, channel_id: "CGENERAL", is_ephemeral: false } : { type: "message", message_ts: "1.1", channel_id: "CGENERAL", is_ephemeral: true },
      channel: { id: "CGENERAL", name: "general" },
      ...(post ? { message: { type: "message", user: BOT_USER_ID, bot_id: BOT_ID, ts: messageTs, thread_ts: post.params.thread_ts, text: post.params.text, blocks: post.params.blocks } } : {}),
      response_url: responseUrl,
      actions: [{ type: "button", action_id: actionId, block_id: FEEDBACK_BLOCK_ID, value, action_ts: `${ts}.1` }],
    });
  }

  it("links a Markdown citation with its text fragment; Show in context replies in the thread with the passage, file and offsets", async () => {
    const { post, at } = await mentionAnswer(Q_ZONES);
    const link = /<(https:\/\/example\.org\/zones#:~:text=[^|>]+)\|zones\.md>/.exec(JSON.stringify(blocks(post)))?.[1];
    expect(link).toMatch(FRAGMENT);
    const show = button(post, CONTEXT_ACTION_ID);
    expect(show.text).toMatchObject({ text: "Show in context" });

    const seen = api.callsOf("chat.postMessage").length;
    const ack = await press(post, CONTEXT_ACTION_ID, show.value!, api.responseUrl("ctx1"));
    expect(ack.status).toBe(200);
    const shown = await waitUntil(() => api.callsOf("chat.postMessage").slice(seen)[0], 5_000, "the passage in context");
    expect(shown.params.thread_ts).toBe(at);
    const text = blocks(shown)
      .map((b) => b.text?.text ?? "")
      .join("\n");
    const quoted = /\*((?:(?!\*).)*Z\u00fcrich-style(?:(?!\*).)*)\*/.exec(text)?.[1];
    expect(quoted).toBeDefined();
    const start = ZONES.indexOf(quoted!);
    expect(start).toBeGreaterThan(0);
    expect(text).toContain(`<${link}|zones.md> · characters ${start}–${start + quoted!.length}`);
    expect(text).toContain("The bureau opened its first zone in May.");
  });

  it("Show in context on an ephemeral /ask answer replies ephemerally, from what the button carries", async () => {
    await sender.command({ text: Q_PDF, response_url: api.responseUrl("ask-pdf") });
    const answer = await waitUntil(() => api.responses.find((r) => r.id === "ask-pdf"), 8_000, "the /ask answer");
    const show = ((answer.body.blocks ?? []) as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === CONTEXT_ACTION_ID)!;
    await press(undefined, CONTEXT_ACTION_ID, show.value!, api.responseUrl("ctx2"));
    const reply = await waitUntil(() => api.responses.find((r) => r.id === "ctx2"), 5_000, "the ephemeral passage");
    expect(reply.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(reply.body.blocks)).toMatch(/`annex\.pdf` · characters \d+–\d+ · page 2/);
  });

  it("after a 👎 opens a modal; its submission is stored with question, answer, citations, reason and index version", async () => {
    const { post } = await mentionAnswer(Q_ZONES);
    const down = button(post, VOTE_ACTION_IDS.down);
    await press(post, VOTE_ACTION_IDS.down, down.value!, api.responseUrl("vote-down"));
    const opened = await waitUntil(() => api.callsOf("views.open")[0], 5_000, "views.open");
    expect(opened.params.trigger_id).toMatch(/^trigger-/);
    const view = opened.params.view as Record<string, any>;
    expect(view).toMatchObject({ type: "modal", callback_id: "planbot_reason" });
    expect(view.blocks[0]).toMatchObject({ type: "input", optional: true, label: { text: "What was wrong? (optional, one line)" } });

    const ack = await sender.viewSubmission(
      { callback_id: view.callback_id, private_metadata: view.private_metadata, type: "modal", blocks: view.blocks },
      { [view.blocks[0].block_id]: { [view.blocks[0].element.action_id]: { type: "plain_text_input", value: "Quotes the wrong paragraph" } } },
      "UVOTER",
    );
    expect(ack.status).toBe(200);
    const lines = await waitUntil(
      () => {
        const all = existsSync(feedback.file)
          ? readFileSync(feedback.file, "utf8")
              .trim()
              .split("\n")
              .map((l) => JSON.parse(l) as Record<string, any>)
          : [];
        return all.some((l) => l.type === "reason") && all;
      },
      5_000,
      "the reason line",
    );
    const mine = lines.filter((l) => l.channel === "slack");
    expect(mine.map((l) => l.type ?? "vote")).toEqual(["vote", "reason"]);
    for (const line of mine) {
      expect(line).toMatchObject({ who: hashId("UVOTER"), question: Q_ZONES, vote: "down" });
      expect(line.indexVersion).toBeTruthy();
      expect(line.citations.some((c: { source: string }) => c.source === "zones.md")).toBe(true);
    }
    expect(mine[1]).toMatchObject({ reason: "Quotes the wrong paragraph" });
  });
});
