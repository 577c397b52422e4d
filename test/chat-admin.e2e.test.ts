// A living corpus through the chat platforms, end to end: `src/main.ts` (as npm start runs it)
// serves Telegram (polling) and Slack (HTTP events) at once, real telegraf and bolt talking to
// the stand-ins. An admin's PDF upload in a Telegram private chat and a Slack DM is added and the
// next question is answered from it; a non-admin's upload, an oversized file, a binary named
// .pdf and a path as a name are refused and leave the corpus folder as it was. A document
// written into the folder is answered on both channels within 10 s while both keep asking
// across the swap (index folder and pgvector).
import { readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Chat, Message, User } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "./helpers/pdf.js";
import { startPgServer } from "./helpers/pg-server.js";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import { PLAN_DOC } from "./helpers/plan-qa.js";
import { ready, startReplica, type Replica } from "./helpers/replica.js";
import { SlackSender } from "./helpers/slack-sign.js";
import { SlackApiStandIn, waitUntil } from "./standins/slack-api.js";
import { TelegramApiStandin } from "./standins/telegram-api.js";

const TOKEN = "123456:CHAT-ADMIN-token-not-real-aaaaaaaaaaaaaaa";
const SLACK_TOKEN = "xoxb-chat-admin-test-token";
const SIGNING_SECRET = "chat-admin-signing-secret";
const admin: User = { id: 1001, is_bot: false, first_name: "Ada" };
const stranger: User = { id: 1002, is_bot: false, first_name: "Bo" };
const privateChat = (u: User): Chat => ({ id: u.id, type: "private", first_name: u.first_name });
const SLACK_ADMIN = "UADMIN";

/** The bot on both platforms, with its stand-ins and a corpus of the plan article. */
async function startBot(store: "hnsw" | "pgvector", pgUrl?: string) {
  const telegram = await TelegramApiStandin.start({ token: TOKEN });
  const slack = await new SlackApiStandIn().start();
  const { corpus, index } = await corpusWithPlan();
  const replica: Replica = await startReplica({
    CORPUS_DIR: corpus,
    INDEX_DIR: index,
    ...(store === "pgvector" ? { VECTOR_STORE: "pgvector", PG_URL: pgUrl! } : {}),
    INDEX_RELOAD_MS: "200",
    RATE_LIMIT_PER_MINUTE: "0",
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_ADMINS: String(admin.id),
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ADMINS: SLACK_ADMIN,
    UPLOAD_MAX_MB: "1",
  });
  await ready(replica, 300_000);
  const sender = new SlackSender(`${replica.url}/slack/events`, SIGNING_SECRET);
  let n = 0;
  const nextTs = () => `${1_800_000_000 + ++n}.000200`;

  /** Every message the bot sent in reply to `asked`, once the last one (an answer's, with buttons; or a notice) arrived. */
  async function telegramReply(asked: Message, until: (texts: string[]) => boolean, timeoutMs: number): Promise<string> {
    const texts = () =>
      telegram
        .sentTo(asked.chat.id)
        .filter((m) => m.reply_to_message?.message_id === asked.message_id)
        .map((m) => m.text);
    await waitUntil(() => until(texts()), timeoutMs, `a Telegram reply to "${"text" in asked ? asked.text : "a document"}"`);
    return texts().join("\n");
  }
  /** The bot's posts in one DM channel, joined. */
  const slackPosts = (channel: string) =>
    slack
      .callsOf("chat.postMessage")
      .filter((c) => c.params.channel === channel)
      .map((c) => `${String(c.params.text)}\n${JSON.stringify(c.params.blocks ?? [])}`);
  // An answer ends with its feedback buttons; an apology has none.
  const answered = (texts: string[]) => texts.some((t) => /"type":"actions"|Sorry/.test(t));

  return {
    telegram,
    slack,
    corpus,
    replica,
    /** A question in a Telegram private chat; resolves with the whole answer. */
    async askTelegram(from: User, text: string, timeoutMs = 30_000): Promise<string> {
      const asked = await telegram.userSays({ chat: privateChat(from), from, text });
      const sent = () =>
        telegram.calls.filter(
          (c) =>
            c.method === "sendMessage" &&
            c.status === 200 &&
            (c.params.reply_parameters as { message_id?: number } | undefined)?.message_id === asked.message_id &&
            Number(c.params.chat_id) === from.id,
        );
      // An answer ends with its vote buttons; a notice (an apology) has none.
      await waitUntil(() => sent().some((c) => c.params.reply_markup !== undefined || /Sorry/.test(String(c.params.text))), timeoutMs, `an answer to "${text}"`);
      return sent()
        .map((c) => (c.result as Message.TextMessage).text)
        .join("\n");
    },
    /** A Telegram command or upload, answered by one notice. */
    async telegramSays(from: User, text: string): Promise<string> {
      const asked = await telegram.userSays({ chat: privateChat(from), from, text });
      return telegramReply(asked, (t) => t.length > 0, 60_000);
    },
    async telegramUploads(from: User, name: string, bytes: Buffer): Promise<string> {
      const asked = await telegram.userSendsDocument(privateChat(from), from, { name, bytes });
      return telegramReply(asked, (t) => t.length > 0, 60_000);
    },
    /** A question in a Slack DM of its own; resolves with the answer's text and blocks. */
    async askSlack(user: string, text: string, timeoutMs = 30_000): Promise<string> {
      const channel = `DQ${++n}`;
      const res = await sender.event({ type: "message", channel, channel_type: "im", user, text, ts: nextTs() });
      expect(res.status).toBe(200);
      await waitUntil(() => answered(slackPosts(channel)) && slackPosts(channel), timeoutMs, `a Slack answer to "${text}"`);
      return slackPosts(channel).join("\n");
    },
    async slackSays(user: string, text: string): Promise<string> {
      const channel = `DC${++n}`;
      await sender.event({ type: "message", channel, channel_type: "im", user, text, ts: nextTs() });
      await waitUntil(() => slackPosts(channel).length > 0, 60_000, `a Slack reply to "${text}"`);
      return slackPosts(channel).join("\n");
    },
    async slackUploads(user: string, name: string, bytes: Buffer): Promise<string> {
      const channel = `DU${++n}`;
      const file = slack.addFile(name, bytes);
      await sender.event({ type: "message", subtype: "file_share", channel, channel_type: "im", user, text: "", ts: nextTs(), files: [file] });
      await waitUntil(() => slackPosts(channel).length > 0, 60_000, `a Slack reply to the upload of ${name}`);
      return slackPosts(channel).join("\n");
    },
    async close() {
      replica.kill();
      await Promise.all([telegram.close(), slack.close()]);
    },
  };
}

type Bot = Awaited<ReturnType<typeof startBot>>;

const TIDAL = makePdf(["Tidal energy annex.", "The tidal energy fund grants 17 awards each year to coastal startups.", "Each award is worth two million yuan and lasts three years."]);
const ORCHARD = makePdf(["Orchard credit annex.", "The orchard credit scheme lends to 230 farmers in Pinggu district.", "Loans are repaid after the autumn harvest."]);
/** A PNG's first bytes, then noise: a binary under a .pdf name. */
const PNG_AS_PDF = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
const OVERSIZED = Buffer.from("The oversized annex says nothing new. ".repeat(40_000)); // ~1.5 MB, limit 1 MB

/** The refusals every channel must give, each leaving the corpus folder unchanged. */
const REFUSALS: Array<{ what: string; admin: boolean; name: string; bytes: Buffer; says: RegExp }> = [
  { what: "a non-admin's upload", admin: false, name: "stranger-annex.pdf", bytes: TIDAL, says: /Only the bot's admins can add a document/ },
  { what: "an oversized file", admin: true, name: "huge-annex.txt", bytes: OVERSIZED, says: /too large \(1\.\d MB; the limit is 1\.0 MB/ },
  { what: "a binary renamed .pdf", admin: true, name: "scan.pdf", bytes: PNG_AS_PDF, says: /scan\.pdf is not a PDF file: its content is a PNG image/ },
  { what: "a path as a name", admin: true, name: "../../x.md", bytes: Buffer.from("# X\n\nHello.\n"), says: /is a path, not a file name/ },
];

const listing = (dir: string) => readdir(dir).then((names) => names.sort());

describe("admins manage documents from Telegram and Slack (npm start, index folder)", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot("hnsw");
  }, 360_000);
  afterAll(async () => bot?.close());

  it("an admin's PDF in a Telegram private chat is added and answered from; refusals change nothing", async () => {
    const before = await listing(bot.corpus);
    for (const r of REFUSALS) {
      const reply = await bot.telegramUploads(r.admin ? admin : stranger, r.name, r.bytes);
      expect(reply, r.what).toMatch(r.says);
      expect(await listing(bot.corpus), r.what).toEqual(before);
    }
    // Refused before any download: the non-admin's and the announced-oversized files were never fetched.
    expect(bot.telegram.downloads).toHaveLength(1); // only the binary named .pdf (its type is read from its content)

    const added = await bot.telegramUploads(admin, "tidal-annex.pdf", TIDAL);
    expect(added).toMatch(/^✅ added tidal-annex\.pdf: \d+ chunks?; ask away$/);
    expect(await listing(bot.corpus)).toEqual([...before, "tidal-annex.pdf"].sort());
    const answer = await bot.askTelegram(stranger, "How many awards does the tidal energy fund grant each year?");
    expect(answer).toContain("17 awards");
    expect(answer).toContain("tidal-annex.pdf");

    const sources = await bot.telegramSays(stranger, "/sources");
    expect(sources).toMatch(/Documents I can quote \(2\)/);
    expect(sources).toMatch(/tidal-annex\.pdf — [\d.]+ K?B · \d+ chunks? · added \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(await bot.telegramSays(stranger, "/reindex")).toContain("Only the bot's admins can rebuild the index.");
    expect(await bot.telegramSays(stranger, "/remove tidal-annex.pdf")).toContain("Only the bot's admins can remove a document.");
    expect(await listing(bot.corpus)).toContain("tidal-annex.pdf");
    expect(await bot.telegramSays(admin, "/remove tidal-annex.pdf")).toMatch(/removed tidal-annex\.pdf; 1 document left/);
    expect(await listing(bot.corpus)).toEqual(before);

    // Every action is logged with the user's id, and the token is in no log line.
    const logs = bot.replica.logs();
    expect(logs.some((l) => /refused a non-admin/.test(l.msg) && l.user === `telegram:${stranger.id}`)).toBe(true);
    expect(logs.some((l) => l.msg === "admin: added tidal-annex.pdf" && l.user === `telegram:${admin.id}`)).toBe(true);
    expect(bot.replica.stderr + bot.replica.stdout).not.toContain(TOKEN);
  }, 240_000);

  it("an admin's PDF in a Slack DM is downloaded with the bot token, added and answered from; refusals change nothing", async () => {
    const before = await listing(bot.corpus);
    for (const r of REFUSALS) {
      const reply = await bot.slackUploads(r.admin ? SLACK_ADMIN : "USTRANGER", r.name, r.bytes);
      expect(reply, r.what).toMatch(r.says);
      expect(await listing(bot.corpus), r.what).toEqual(before);
    }
    expect(bot.slack.downloads.map((d) => d.token)).toEqual([SLACK_TOKEN]);

    const added = await bot.slackUploads(SLACK_ADMIN, "orchard-annex.pdf", ORCHARD);
    expect(added).toMatch(/✅ added orchard-annex\.pdf: \d+ chunks?; ask away/);
    expect(await listing(bot.corpus)).toEqual([...before, "orchard-annex.pdf"].sort());
    const answer = await bot.askSlack("USTRANGER", "How many farmers does the orchard credit scheme lend to?");
    expect(answer).toContain("230 farmers");
    expect(answer).toContain("orchard-annex.pdf");
    expect(await bot.slackSays("USTRANGER", "sources")).toMatch(/orchard-annex\.pdf.* — [\d.]+ K?B · \d+ chunks?/);
    expect(await bot.slackSays("USTRANGER", "reindex")).toContain("Only the bot's admins can rebuild the index.");
    expect(await bot.slackSays(SLACK_ADMIN, "remove orchard-annex.pdf")).toContain("removed orchard-annex.pdf");
    expect(await listing(bot.corpus)).toEqual(before);
    expect(bot.replica.stderr + bot.replica.stdout).not.toContain(SLACK_TOKEN);
  }, 240_000);

  it("a document written into the folder is answered on both channels within 10 s, no question dropped", async () => {
    await checkSwap(await askAcrossAWrite(bot));
  }, 240_000);
});

describe("a document written into the folder while npm start serves Telegram and Slack (pgvector)", async () => {
  const pg = await startPgServer({ maxConnections: 20 });
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot("pgvector", pg.url);
  }, 360_000);
  afterAll(async () => {
    await bot?.close();
    await pg.stop();
  });

  it("is answered on both channels within 10 s, no question dropped", async () => {
    await checkSwap(await askAcrossAWrite(bot));
  }, 240_000);
});

const NEW_QUESTION = "How many licences does the quantum lending quota allow each year?";
const OLD_QUESTION = "Which district will host the banking cluster?";
const ANNEX = `# Quantum lending annex

The quantum lending quota allows 42 licences each year, granted by the municipal bureau.
Applicants must file their request before the end of March.
`;

/** Writes the annex into the folder, then asks on Telegram and Slack in turn until both answer from it (bounded). */
async function askAcrossAWrite(bot: Bot) {
  expect(await bot.askTelegram(admin, NEW_QUESTION)).not.toContain("quantum-annex.md");
  const staged = path.join(path.dirname(bot.corpus), "annex.tmp");
  await writeFile(staged, ANNEX);
  await rename(staged, path.join(bot.corpus, "quantum-annex.md"));
  const written = Date.now();
  const replies: Array<{ channel: "telegram" | "slack"; question: string; reply: string; at: number }> = [];
  const firstNew: Partial<Record<"telegram" | "slack", number>> = {};
  // Bounded: at most 400 questions or 60 s.
  for (let i = 0; i < 400 && Date.now() - written < 60_000; i++) {
    const channel = i % 2 ? "slack" : "telegram";
    const question = Math.floor(i / 2) % 2 ? OLD_QUESTION : NEW_QUESTION;
    const reply = channel === "telegram" ? await bot.askTelegram(stranger, question) : await bot.askSlack("USTRANGER", question);
    replies.push({ channel, question, reply, at: Date.now() });
    if (question === NEW_QUESTION && reply.includes("quantum-annex.md")) firstNew[channel] ??= Date.now();
    if (firstNew.telegram && firstNew.slack && Date.now() - Math.max(firstNew.telegram, firstNew.slack) > 3_000) break;
  }
  return { replies, written, firstNew, logs: bot.replica.stderr };
}

async function checkSwap(r: Awaited<ReturnType<typeof askAcrossAWrite>>) {
  for (const channel of ["telegram", "slack"] as const) {
    expect(r.firstNew[channel], `${channel} never answered from the new document: ${r.logs.slice(-2000)}`).toBeDefined();
    const seconds = (r.firstNew[channel]! - r.written) / 1000;
    console.log(`${channel}: answered from the new document ${seconds.toFixed(1)} s after the write`);
    expect(seconds).toBeLessThan(10);
  }
  console.log(`${r.replies.length} questions asked across the swap`);
  for (const { question, reply } of r.replies) {
    expect(reply).not.toMatch(/Sorry, something went wrong/);
    if (question === OLD_QUESTION) expect(reply).toContain(PLAN_DOC);
  }
  for (const x of r.replies) if (x.question === NEW_QUESTION && x.at > r.firstNew[x.channel]!) expect(x.reply).toContain("quantum-annex.md");
}
