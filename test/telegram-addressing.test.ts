// Who a message is for, and the small pieces around it: the allowlist, the question limit, the
// 429 retry, the per-chat queue. (End-to-end behaviour is in telegram*.e2e.test.ts.)
import { TelegramError } from "telegraf";
import type { Message } from "telegraf/types";
import { describe, expect, test } from "vitest";
import { readIntent, type Me } from "../src/channels/telegram/addressing.js";
import { chatAllowed } from "../src/channels/telegram/allowlist.js";
import { KeyedQueue as ChatQueue } from "../src/channels/core/keyed-queue.js";
import { QuestionLimit } from "../src/channels/core/question-limit.js";
import { retryDelayMs, withRetry } from "../src/channels/telegram/retry.js";
import { AnswerMemory } from "../src/channels/core/votes.js";
import { entitiesOf } from "./standins/telegram-api.js";

const me: Me = { id: 42, username: "PlanBot" };
const bot = { id: 42, is_bot: true, first_name: "Planbot" };
const human = { id: 7, is_bot: false, first_name: "Alice" };

function msg(text: string, extra: Record<string, unknown> = {}): Message {
  const entities = entitiesOf(text);
  return {
    message_id: 1,
    date: 0,
    chat: { id: -100, type: "supergroup", title: "g" },
    from: human,
    text,
    ...(entities.length ? { entities } : {}),
    ...extra,
  } as unknown as Message;
}

describe("readIntent", () => {
  test("in a private chat every text is a question", () => {
    expect(readIntent(msg("what is the plan?"), me, "private")).toEqual({ kind: "question", text: "what is the plan?" });
  });

  test("in a group plain talk is ignored", () => {
    expect(readIntent(msg("what is the plan?"), me, "supergroup")).toEqual({ kind: "ignore" });
    expect(readIntent(msg("ask @someone_else about it"), me, "group")).toEqual({ kind: "ignore" });
  });

  test("a mention (any case, anywhere) makes a question, without the mention", () => {
    expect(readIntent(msg("@planbot what is the plan?"), me, "supergroup")).toEqual({ kind: "question", text: "what is the plan?" });
    expect(readIntent(msg("Hey @PLANBOT, which districts?"), me, "group")).toEqual({ kind: "question", text: "Hey, which districts?" });
    expect(readIntent(msg("@planbot"), me, "supergroup")).toEqual({ kind: "question", text: "" });
  });

  test("a text_mention of the bot counts; a mention inside another word does not exist as an entity", () => {
    const m = msg("Planbot which districts?", { entities: [{ type: "text_mention", offset: 0, length: 7, user: bot }] });
    expect(readIntent(m, me, "supergroup")).toEqual({ kind: "question", text: "which districts?" });
  });

  test("a reply to the bot is a question; a reply to someone else is not", () => {
    const toBot = msg("and Tongzhou?", { reply_to_message: { message_id: 9, from: bot } });
    const toHuman = msg("and Tongzhou?", { reply_to_message: { message_id: 9, from: human } });
    expect(readIntent(toBot, me, "supergroup")).toEqual({ kind: "question", text: "and Tongzhou?" });
    expect(readIntent(toHuman, me, "supergroup")).toEqual({ kind: "ignore" });
  });

  test("commands: bare, addressed to us, addressed to another bot", () => {
    expect(readIntent(msg("/ask what is it?"), me, "supergroup")).toEqual({ kind: "command", name: "ask", args: "what is it?", explicit: false });
    expect(readIntent(msg("/HELP@planbot"), me, "supergroup")).toEqual({ kind: "command", name: "help", args: "", explicit: true });
    expect(readIntent(msg("/help@other_bot"), me, "supergroup")).toEqual({ kind: "ignore" });
    expect(readIntent(msg("/ask\nmultiline question"), me, "private")).toMatchObject({ args: "multiline question" });
  });

  test("a message without entities gets the ones Telegram would have set", () => {
    const bare = (text: string) => ({ ...msg(text), entities: undefined }) as unknown as Message;
    expect(readIntent(bare("/sources@PlanBot"), me, "group")).toMatchObject({ kind: "command", name: "sources" });
    expect(readIntent(bare("@planbot which districts?"), me, "group")).toEqual({ kind: "question", text: "which districts?" });
    expect(readIntent(bare("mail me at x@planbot.org"), me, "group")).toEqual({ kind: "ignore" });
  });

  test("non-text: a hint in private, silence in groups", () => {
    const sticker = { message_id: 1, date: 0, chat: { id: 1, type: "private" }, from: human, sticker: {} } as unknown as Message;
    expect(readIntent(sticker, me, "private")).toEqual({ kind: "not-text" });
    expect(readIntent(sticker, me, "supergroup")).toEqual({ kind: "ignore" });
  });
});

test("allowlist: by id or @username; no list serves everyone", () => {
  expect(chatAllowed(undefined, { id: 5 })).toBe(true);
  expect(chatAllowed(["5", "-100123"], { id: -100123 })).toBe(true);
  expect(chatAllowed(["5"], { id: 6 })).toBe(false);
  expect(chatAllowed(["@Readers"], { id: -1, username: "readers" })).toBe(true);
});

test("question limit: refused past the limit, told once per window, allowed again later", async () => {
  let now = 0;
  const limit = new QuestionLimit(2, () => now);
  expect((await limit.take("u")).allowed).toBe(true);
  expect((await limit.take("u")).allowed).toBe(true);
  expect(await limit.take("u")).toEqual({ allowed: false, tell: true, retryAfterS: 60 });
  expect(await limit.take("u")).toMatchObject({ allowed: false, tell: false });
  expect((await limit.take("other")).allowed).toBe(true);
  now = 60_000;
  expect((await limit.take("u")).allowed).toBe(true);
});

describe("retry", () => {
  const tooMany = new TelegramError({ error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } });
  const serverError = new TelegramError({ error_code: 502, description: "Bad Gateway" });
  const badRequest = new TelegramError({ error_code: 400, description: "Bad Request: chat not found" });

  test("waits retry_after on 429, backs off on 5xx, never retries a 4xx", () => {
    expect(retryDelayMs(tooMany, 1, 1000)).toBe(3000);
    expect(retryDelayMs(serverError, 2, 1000)).toBe(2000);
    expect(retryDelayMs(badRequest, 1, 1000)).toBeUndefined();
  });

  test("a call failing with a 5xx then succeeding is retried; a 4xx is thrown at once", async () => {
    let calls = 0;
    const result = await withRetry(async () => (++calls < 3 ? Promise.reject(serverError) : "ok"), { backoffMs: 1 });
    expect([result, calls]).toEqual(["ok", 3]);
    calls = 0;
    await expect(withRetry(async () => (++calls, Promise.reject(badRequest)), { backoffMs: 1 })).rejects.toBe(badRequest);
    expect(calls).toBe(1);
  });

  test("gives up after the attempts, and on a 429 longer than the longest wait", async () => {
    let calls = 0;
    await expect(withRetry(async () => (++calls, Promise.reject(serverError)), { attempts: 2, backoffMs: 1 })).rejects.toBe(serverError);
    expect(calls).toBe(2);
    await expect(withRetry(async () => Promise.reject(tooMany), { maxWaitMs: 1000 })).rejects.toBe(tooMany);
  });
});

test("chat queue: one chat in order, chats side by side, a failure does not stop the rest", async () => {
  const errors: unknown[] = [];
  const q = new ChatQueue((e) => errors.push(e));
  const order: string[] = [];
  let releaseA!: () => void;
  const gateA = new Promise<void>((r) => (releaseA = r));
  q.push(1, async () => {
    await gateA;
    order.push("1a");
  });
  q.push(1, async () => {
    throw new Error("boom");
  });
  q.push(1, async () => void order.push("1c"));
  const twoDone = new Promise<void>((resolve) => q.push(2, async () => void (order.push("2a"), resolve())));
  await twoDone;
  expect(order).toEqual(["2a"]); // chat 2 did not wait for chat 1
  expect(await q.drain(10)).toBe(false);
  releaseA();
  expect(await q.drain(1000)).toBe(true);
  expect(order).toEqual(["2a", "1a", "1c"]);
  expect(errors).toHaveLength(1);
});

test("answer memory: one vote per answer; a forgotten answer is taken from the message", () => {
  const m = new AnswerMemory(2);
  m.remember(1, 10, { question: "q", answer: "a" });
  expect(m.claim(1, 10)).toEqual({ state: "new", entry: { question: "q", answer: "a" } });
  expect(m.claim(1, 10)).toEqual({ state: "already" });
  expect(m.claim(1, 11)).toEqual({ state: "unknown" });
  expect(m.claim(1, 12, { question: "", answer: "shown" })).toEqual({ state: "new", entry: { question: "", answer: "shown" } });
  expect(m.claim(1, 12, { question: "", answer: "shown" })).toEqual({ state: "already" });
  m.remember(1, 13, { question: "q3", answer: "a3" });
  expect(m.claim(1, 10)).toEqual({ state: "unknown" }); // evicted: capacity 2
});
