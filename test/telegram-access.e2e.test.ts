// Who gets answers: the per-user rate limit (RATE_LIMIT_PER_MINUTE) and the chat allowlist
// (TELEGRAM_ALLOWED_CHATS), end to end with the real telegraf and the real QaService.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { planQa } from "./helpers/plan-qa.js";
import { alice, answerTo, bob, group, privateChat, replyTo, repliesSoFar, shown, startTelegram, type Harness } from "./helpers/telegram-harness.js";

// Answers arrive in milliseconds; the margin is for a loaded machine (waitFor fails first, with a clearer message).
vi.setConfig({ testTimeout: 20_000 });

const ALLOWED_GROUP = group(-4001);
const OTHER_GROUP = group(-4002, "Strangers");
const carol = { id: 1003, is_bot: false as const, first_name: "Carol" };

let h: Harness;
let api: Harness["api"];

beforeAll(async () => {
  h = await startTelegram({
    qa: await planQa(),
    env: {
      RATE_LIMIT_PER_MINUTE: "2",
      TELEGRAM_ALLOWED_CHATS: `${alice.id}, ${carol.id}, ${ALLOWED_GROUP.id}`,
    },
  });
  api = h.api;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const Q = "Where is the security industry cluster?";

test("past the per-user limit a user is told once, politely; other users are not affected", async () => {
  const chat = privateChat(alice);
  const asked = [];
  for (let i = 0; i < 4; i++) asked.push(await api.userSays({ chat, from: alice, text: Q }));
  await answerTo(api, asked[0]!);
  await answerTo(api, asked[1]!);
  const told = shown([await replyTo(api, asked[2]!)]);
  expect(told).toMatch(/^You're asking faster than I can read 🙂 Please wait about \d+ seconds, then ask again\.$/);
  // The limit is per user: Carol is still answered.
  const carolAsks = await api.userSays({ chat: privateChat(carol), from: carol, text: Q });
  expect(shown(await answerTo(api, carolAsks))).toContain("Fangshan");
  expect(repliesSoFar(api, asked[3]!)).toEqual([]);
  expect(api.calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === chat.id)).toHaveLength(3);
  // /help is not a question: it is still answered.
  const help = await api.userSays({ chat, from: alice, text: "/help" });
  expect(shown([await replyTo(api, help)])).toContain("How to ask");
});

test("a chat outside TELEGRAM_ALLOWED_CHATS is refused politely, and only when it addresses the bot", async () => {
  const inPrivate = await api.userSays({ chat: privateChat(bob), from: bob, text: Q });
  expect(shown([await replyTo(api, inPrivate)])).toBe(`Sorry, I'm not available in this chat (chat id ${bob.id}).`);

  const chatter = await api.userSays({ chat: OTHER_GROUP, from: bob, text: Q });
  const mention = await api.userSays({ chat: OTHER_GROUP, from: bob, text: `@${api.me.username} ${Q}` });
  expect(shown([await replyTo(api, mention)])).toBe(`Sorry, I'm not available in this chat (chat id ${OTHER_GROUP.id}).`);
  expect(repliesSoFar(api, chatter)).toEqual([]);

  const allowed = await api.userSays({ chat: ALLOWED_GROUP, from: bob, text: `@${api.me.username} ${Q}` });
  expect(shown(await answerTo(api, allowed))).toContain("Fangshan");
  // Refused chats never reached the service: no typing there.
  expect(api.calls.some((c) => c.method === "sendChatAction" && [bob.id, OTHER_GROUP.id].includes(c.params.chat_id))).toBe(false);
});
