// End to end: the real telegraf against the Bot API stand-in, answering with the real QaService
// over the plan article. Conversation rules, commands, replies, sources, feedback.
import { observed } from "./helpers/observed-qa.js";
import { readFile } from "node:fs/promises";
import type { Message } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { hashId } from "../src/feedback.js";
import type { QaService } from "../src/types.js";
import { PLAN_DOC as SOURCE, planQa } from "./helpers/plan-qa.js";
import { answerTo, group, privateChat, replyTo, repliesSoFar, shown, startTelegram, TOKEN, type Harness } from "./helpers/telegram-harness.js";

// Answers arrive in milliseconds; the margin is for a loaded machine (waitFor fails first, with a clearer message).
vi.setConfig({ testTimeout: 20_000 });

let h: Harness;
let qa: QaService & { asked: string[] };
let api: Harness["api"];
const me = () => "@" + api.me.username;

beforeAll(async () => {
  qa = observed(await planQa());
  h = await startTelegram({ qa });
  api = h.api;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

// Each test talks in its own chats with its own users, so the per-user limit never interferes.
let nextUser = 2000;
function newUser() {
  const id = nextUser++;
  return { id, is_bot: false as const, first_name: `User${id}` };
}

test("registers the command menu at start, before polling starts", async () => {
  const commands = api.commands.map((c) => c.command).sort();
  expect(commands).toEqual(["ask", "help", "quote", "sources", "start"]);
  const poll = api.calls.indexOf(await api.waitFor((c) => c.method === "getUpdates", "polling"));
  const menu = api.calls.findIndex((c) => c.method === "setMyCommands" && c.status === 200);
  expect(menu).toBeGreaterThanOrEqual(0);
  expect(menu).toBeLessThan(poll);
});

test("private chat: a question gets an HTML reply to it, with [n] markers and its sources", async () => {
  const u = newUser();
  const chat = privateChat(u);
  const m = await api.userSays({ chat, from: u, text: "Where will the wealth management cluster be?" });
  const parts = await answerTo(api, m);
  expect(parts).toHaveLength(1);
  const [reply] = parts;
  // Status 200 from the stand-in means the HTML parsed and the reply target exists.
  expect(reply!.params.parse_mode).toBe("HTML");
  expect(reply!.params.reply_parameters.message_id).toBe(m.message_id);
  const text = shown(parts);
  expect(text).toContain("Tongzhou");
  expect(text).toMatch(/\[1\]/);
  expect(text).toMatch(new RegExp(`Sources\\n\\[1\\] ${SOURCE.replace(/\./g, "\\.")} — “`));
  expect(reply!.params.reply_markup.inline_keyboard[0].map((b: { text: string }) => b.text)).toEqual(["👍", "👎"]);
  // "typing" went out before the answer.
  const typing = api.calls.findIndex((c) => c.method === "sendChatAction" && c.params.chat_id === chat.id);
  expect(typing).toBeGreaterThanOrEqual(0);
  expect(typing).toBeLessThan(api.calls.indexOf(reply!));
  expect(api.calls[typing]!.params.action).toBe("typing");
});

test("a greeting gets a conversational reply: no Sources, no vote buttons, example questions", async () => {
  const u = newUser();
  for (const [text, says] of [
    ["hey there 👋", "Hello!"],
    ["你好", "你好！"],
  ] as const) {
    const m = await api.userSays({ chat: privateChat(u), from: u, text });
    const reply = await replyTo(api, m);
    const seen = shown([reply]);
    expect(seen.startsWith(says)).toBe(true);
    expect(seen).toContain("Which district will host the banking and insurance technology cluster?");
    expect(seen).not.toMatch(/Sources|The documents do not say/);
    expect(reply.params.reply_markup).toBeUndefined();
  }
});

test("a direct question leads with the sentence that answers it, the short answer in bold", async () => {
  const u = newUser();
  const m = await api.userSays({ chat: privateChat(u), from: u, text: "Which district will host the banking and insurance technology cluster?" });
  const [reply] = await answerTo(api, m);
  expect(reply!.params.text).toMatch(/^For instance, .*<b>Shijingshan District<\/b>/);
  // The stand-in parsed the HTML as Telegram does: the user sees the words, not the tags.
  expect(shown([reply!])).toMatch(/^For instance, .*in Shijingshan District;/);
});

test("a question the documents do not answer gets a plain 'do not say' with the closest passages", async () => {
  const u = newUser();
  const m = await api.userSays({ chat: privateChat(u), from: u, text: "What does the plan say about Shanghai?" });
  const text = shown(await answerTo(api, m));
  expect(text.match(/The documents do not say/g)).toHaveLength(1);
  expect(text).toContain("Shanghai");
  expect(text).toMatch(/Closest passages\n\[1\] /);
});

describe("groups", () => {
  test("silent until mentioned; the mention is not part of the question", async () => {
    const chat = group(-3001);
    const u = newUser();
    const plain = await api.userSays({ chat, from: u, text: "Where is the security industry cluster?" });
    const mention = await api.userSays({ chat, from: u, text: `${me()} where is the security industry cluster?` });
    const text = shown(await answerTo(api, mention));
    expect(text).toContain("Fangshan");
    expect(qa.asked).toContain("where is the security industry cluster?");
    // Updates are handled in order, so by now a reply to the plain message would have been sent.
    expect(repliesSoFar(api, plain)).toEqual([]);
    expect(api.calls.filter((c) => c.method === "sendChatAction" && c.params.chat_id === chat.id)).toHaveLength(1);
  });

  test("a reply to the bot is a question; a reply to someone else is not", async () => {
    const chat = group(-3002);
    const [u, v] = [newUser(), newUser()];
    const first = await api.userSays({ chat, from: u, text: `${me()} What are the four themes of the plan?` });
    const [botAnswer] = await answerTo(api, first);
    const toHuman = await api.userSays({ chat, from: v, text: "Which district hosts banking and insurance tech?", replyTo: first });
    const toBot = await api.userSays({
      chat,
      from: v,
      text: "Which district hosts the banking and insurance tech cluster?",
      replyTo: botAnswer!.result as Message,
    });
    expect(shown(await answerTo(api, toBot))).toContain("Shijingshan");
    expect(repliesSoFar(api, toHuman)).toEqual([]);
  });

  test("/ask, /ask@bot and a bare mention; commands for other bots are ignored", async () => {
    const chat = group(-3003);
    const u = newUser();
    const other = await api.userSays({ chat, from: u, text: "/help@other_bot" });
    const bare = await api.userSays({ chat, from: u, text: me() });
    const ask = await api.userSays({ chat, from: u, text: "/ask Where is the wealth management industry cluster?" });
    const askAt = await api.userSays({ chat, from: u, text: `/ask@${api.me.username} Where is the security industry cluster?` });
    expect(shown([await replyTo(api, bare)])).toContain(`${me()} `);
    expect(shown(await answerTo(api, ask))).toContain("Tongzhou");
    expect(shown(await answerTo(api, askAt))).toContain("Fangshan");
    expect(repliesSoFar(api, other)).toEqual([]);
  });

  test("stickers and photos are ignored in groups", async () => {
    const chat = group(-3004);
    const u = newUser();
    const sticker = await api.userPosts(chat, u, { sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } });
    const after = await api.userSays({ chat, from: u, text: "/sources" });
    await replyTo(api, after);
    expect(repliesSoFar(api, sticker)).toEqual([]);
  });
});

describe("Chinese", () => {
  test("a Chinese question gets the English quote, with the bot's own words in Chinese", async () => {
    const u = newUser();
    const m = await api.userSays({ chat: privateChat(u), from: u, text: "财富管理产业集群设在哪个区？" });
    const parts = await answerTo(api, m);
    const text = shown(parts);
    expect(text).toContain("a wealth management industry cluster in Tongzhou District");
    expect(text).toMatch(new RegExp(`来源\\n\\[1\\] ${SOURCE.replace(/\./g, "\\.")} — “`));
    expect(text).not.toContain("Sources");
  });

  test("a Chinese question about another city says so in Chinese, with the closest English passages", async () => {
    const u = newUser();
    const text = shown(await answerTo(api, await api.userSays({ chat: privateChat(u), from: u, text: "上海的金融科技规划有哪些目标？" })));
    expect(text.match(/文档中没有答案/g)).toHaveLength(1);
    expect(text).toContain("文档没有提到“上海”");
    expect(text).toMatch(/最接近的段落\n\[1\] /);
    expect(text).not.toMatch(/The documents do not say|Closest passages/);
  });

  test("/start and /help follow the language of the user's Telegram client", async () => {
    const u = { ...newUser(), language_code: "zh-hans" };
    const chat = privateChat(u);
    for (const cmd of ["/start", "/help"]) {
      const text = shown([await replyTo(api, await api.userSays({ chat, from: u, text: cmd }))]);
      expect(text).toContain("我回答关于这些文档的问题");
      expect(text).toContain(SOURCE);
      expect(text).toContain(`提到我（${me()} 你的问题）`);
    }
  });
});

describe("commands in a private chat", () => {
  const u = newUser();
  const chat = privateChat(u);
  const say = async (text: string) => shown([await replyTo(api, await api.userSays({ chat, from: u, text }))]);

  test("/start and /help explain what the bot knows and how to ask, with examples", async () => {
    for (const cmd of ["/start", "/help"]) {
      const text = await say(cmd);
      expect(text).toContain(SOURCE);
      expect(text).toContain(qa.exampleQuestions()[0]!);
      expect(text).toContain("/ask your question");
      expect(text).toContain(`mention me (${me()}`);
    }
  });

  test("/sources lists the documents in the index", async () => {
    expect(await say("/sources")).toBe(`Documents I can quote (1)\n• ${SOURCE}`);
  });

  test("/ask without a question gets a usage hint; an unknown command a pointer to /help", async () => {
    expect(await say("/ask")).toMatch(/^Put your question after the command, for example:\n\/ask \S/);
    expect(await say("/frobnicate")).toContain("/help");
  });

  test("a sticker gets a one-line hint", async () => {
    const m = await api.userPosts(chat, u, { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] });
    expect(shown([await replyTo(api, m)])).toBe("I can only read text 🙂 Please send your question as a message.");
  });
});

test("a question full of <&> reaches the service as typed and the reply parses", async () => {
  const u = newUser();
  const question = `<b>Which</b> districts & <i>clusters</i>? <script>&amp; &lt; 1<2>0 "q"`;
  const m = await api.userSays({ chat: privateChat(u), from: u, text: question });
  const parts = await answerTo(api, m);
  expect(qa.asked).toContain(question);
  expect(parts.every((p) => p.status === 200 && p.params.parse_mode === "HTML")).toBe(true);
});

test("a question the service refuses (too long) gets the service's reason, not an apology", async () => {
  const u = newUser();
  const m = await api.userSays({ chat: privateChat(u), from: u, text: "Where are the clusters? ".repeat(100) });
  const text = shown([await replyTo(api, m)]);
  expect(text).toMatch(/too long/i);
  expect(text).not.toMatch(/went wrong/);
});

test("feedback: a press is acknowledged, recorded once with the chat hashed, and the buttons go", async () => {
  const u = newUser();
  const chat = privateChat(u);
  const question = "How many internationally renowned fintech companies does Beijing want by 2022?";
  const m = await api.userSays({ chat, from: u, text: question });
  const [answer] = await answerTo(api, m);
  const sent = answer!.result as Message;
  // Two quick presses (a double tap) before the buttons are gone.
  const first = await api.press(sent, "vote:up", u);
  const second = await api.press(sent, "vote:down", u);
  const acks = await api.waitForAll((c) => c.method === "answerCallbackQuery" && [first.id, second.id].includes(c.params.callback_query_id), 2, "both presses acknowledged");
  expect(acks.map((c) => c.status)).toEqual([200, 200]);
  await api.waitFor((c) => c.method === "editMessageReplyMarkup" && c.status === 200 && c.params.message_id === sent.message_id, "buttons removed");
  const current = api.message(chat.id, sent.message_id)!;
  expect("reply_markup" in current && current.reply_markup).toBeFalsy();

  const lines = (await readFile(h.feedback.file, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const mine = lines.filter((l) => l.question === question);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ channel: "telegram", who: hashId(String(chat.id)), vote: "up" });
  expect(mine[0].answer).toMatch(/five to ten/);
  expect(Date.parse(mine[0].time)).not.toBeNaN();
  expect(JSON.stringify(lines)).not.toContain(`"${chat.id}"`);
});

test("no log line and no message carries the token", () => {
  expect(h.logs.length).toBeGreaterThan(0);
  const secretPart = TOKEN.split(":")[1]!;
  for (const line of h.logs) expect(line).not.toContain(secretPart);
  for (const c of api.calls) expect(JSON.stringify(c.params)).not.toContain(secretPart);
});
