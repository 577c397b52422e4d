// End to end with a controllable stand-in for the QaService, for what the real one cannot be
// made to do on demand: answer slowly (typing, in-flight answers at stop), fail, echo markup,
// or answer at great length (splitting).
import type { Message } from "telegraf/types";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { checkTelegramHtml, TELEGRAM_TEXT_LIMIT } from "./standins/telegram-api.js";
import { fakeQa, type FakeQa } from "./helpers/fake-qa.js";
import { answerTo, privateChat, replyTo, repliesSoFar, shown, startTelegram, type Harness } from "./helpers/telegram-harness.js";

// Answers arrive in milliseconds; the margin is for a loaded machine (waitFor fails first, with a clearer message).
vi.setConfig({ testTimeout: 20_000 });

const PARAGRAPH = "Beijing wants five to ten renowned fintech firms and three to five clusters by 2022 [1]. ".repeat(8).trim();

let qa: FakeQa;
let h: Harness;
let api: Harness["api"];
let nextUser = 5000;

beforeAll(async () => {
  qa = fakeQa({
    // "long" gets 30 paragraphs; anything else is echoed (with whatever markup it has).
    answer: (q) => (q === "long" ? Array.from({ length: 30 }, () => PARAGRAPH).join("\n\n") : `You asked: ${q} [1]`),
    failOn: /explode/,
  });
  h = await startTelegram({ qa, channel: { typingIntervalMs: 50 } });
  api = h.api;
});

afterAll(async () => {
  await h?.close();
});

function newChat() {
  const id = nextUser++;
  const u = { id, is_bot: false as const, first_name: `U${id}` };
  return { u, chat: privateChat(u) };
}

test("a long answer is split into messages under 4096 characters, all replies, buttons under the last", async () => {
  const { u, chat } = newChat();
  const m = await api.userSays({ chat, from: u, text: "long" });
  const parts = await answerTo(api, m);
  expect(parts.length).toBeGreaterThan(1);
  for (const p of parts) {
    expect(p.status).toBe(200);
    expect(p.params.reply_parameters.message_id).toBe(m.message_id);
    expect((p.result as Message.TextMessage).text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
  }
  expect(parts.slice(0, -1).every((p) => p.params.reply_markup === undefined)).toBe(true);
  const text = shown(parts);
  expect(text.split(PARAGRAPH)).toHaveLength(31); // every paragraph whole, none cut across messages
  expect(text).toMatch(/Sources\n\[1\] /);
});

test("an answer full of <&> is escaped: the user sees exactly the characters", async () => {
  const { u, chat } = newChat();
  const question = `<b>bold?</b> & <script>x</script> &amp; 1<2>0`;
  const m = await api.userSays({ chat, from: u, text: question });
  const [answer] = await answerTo(api, m);
  expect(checkTelegramHtml(answer!.params.text).ok).toBe(true);
  expect(shown([answer!])).toContain(`You asked: ${question} [1]`);
});

test("'typing' is repeated while the answer is prepared and stops once it is sent", async () => {
  const { u, chat } = newChat();
  const release = qa.hold();
  const m = await api.userSays({ chat, from: u, text: "slow question" });
  const typing = (c: { method: string; params: Record<string, any> }) => c.method === "sendChatAction" && c.params.chat_id === chat.id;
  await api.waitForAll(typing, 3, "three typing actions");
  release();
  await answerTo(api, m);
  const count = api.calls.filter(typing).length;
  // While three typing intervals pass in another chat, none more in this one.
  const other = newChat();
  const releaseOther = qa.hold(/^clock$/);
  const clock = await api.userSays({ chat: other.chat, from: other.u, text: "clock" });
  await api.waitForAll((c) => c.method === "sendChatAction" && c.params.chat_id === other.chat.id, 3, "typing in the other chat");
  releaseOther();
  await answerTo(api, clock);
  expect(api.calls.filter(typing).length).toBe(count);
});

test("a failing service gets the user a short apology; the next question is answered", async () => {
  const { u, chat } = newChat();
  const bad = await api.userSays({ chat, from: u, text: "explode please" });
  expect(shown([await replyTo(api, bad)])).toMatch(/^😕 Sorry, something went wrong/);
  expect(h.logs.some((l) => l.includes("telegram answer failed") && l.includes("injected fault"))).toBe(true);
  const good = await api.userSays({ chat, from: u, text: "and now?" });
  expect(shown(await answerTo(api, good))).toContain("You asked: and now?");
});

test("answers in one chat go out in the order asked, while other chats go on", async () => {
  const { u, chat } = newChat();
  const other = newChat();
  const release = qa.hold(/^first$/);
  const first = await api.userSays({ chat, from: u, text: "first" });
  const second = await api.userSays({ chat, from: u, text: "second" });
  // Another chat is answered while "first" is held…
  await answerTo(api, await api.userSays({ chat: other.chat, from: other.u, text: "meanwhile" }));
  // …and "second" waits its turn behind "first".
  expect(qa.asked).toContain("first");
  expect(qa.asked).not.toContain("second");
  release();
  const [a1] = await answerTo(api, first);
  const [a2] = await answerTo(api, second);
  expect(api.calls.indexOf(a1!)).toBeLessThan(api.calls.indexOf(a2!));
});

test("stop() ends polling but lets an answer in flight finish", async () => {
  const slow = fakeQa();
  const other = await startTelegram({ qa: slow });
  try {
    const { u, chat } = newChat();
    const release = slow.hold();
    const m = await other.api.userSays({ chat, from: u, text: "in flight" });
    await other.api.waitFor((c) => c.method === "sendChatAction" && c.params.chat_id === chat.id, "typing");
    let stopped = false;
    const stopping = other.channel.stop().then(() => (stopped = true));
    // telegraf aborts the long poll and confirms the offset with a last short getUpdates.
    await other.api.waitFor((c) => c.method === "getUpdates" && c.params.limit === 1, "the final offset sync");
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(shown(repliesSoFar(other.api, m))).toContain("Five to ten");
    // Polling is over: the last getUpdates was the offset sync and no long poll is open.
    expect(other.api.calls.filter((c) => c.method === "getUpdates").at(-1)!.params.limit).toBe(1);
    expect(other.api.pollOpen).toBe(false);
  } finally {
    await other.close();
  }
});
