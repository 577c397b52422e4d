// Faults on the Telegram side, end to end with the real telegraf and the real QaService:
// 429 / 5xx on sending, on getUpdates and at start, a refused HTML, a persistent error.
//
// What telegraf 4.16.3 does by itself (node_modules/telegraf/lib/core/network/polling.js):
// after a 429 on getUpdates it waits retry_after, after a 5xx or a network error 5 s, then polls
// again; any other getUpdates error (409, 401, 400…) ends the loop and rejects launch(). It never
// retries sendMessage. The tests below pin both halves: its own retries, and ours around it
// (planbot launches polling again after such an error, except after a 409: see polling.ts).
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { QaService } from "../src/types.js";
import { planQa } from "./helpers/plan-qa.js";
import { answerTo, privateChat, replyTo, shown, startTelegram, TOKEN, type Harness } from "./helpers/telegram-harness.js";
import type { RecordedCall } from "./standins/telegram-api.js";

// Answers arrive in milliseconds; the margin is for a loaded machine (waitFor fails first, with a clearer message).
vi.setConfig({ testTimeout: 20_000 });

let qa: QaService;
let h: Harness;
let api: Harness["api"];
let nextUser = 4000;

beforeAll(async () => {
  qa = await planQa();
  h = await startTelegram({ qa });
  api = h.api;
  await api.waitFor((c) => c.method === "getUpdates", "polling");
}, 60_000);

afterAll(async () => {
  await h?.close();
});

async function ask(text = "Where will the wealth management cluster be?") {
  const id = nextUser++;
  const u = { id, is_bot: false as const, first_name: `U${id}` };
  return api.userSays({ chat: privateChat(u), from: u, text });
}

const sendsTo = (chatId: number) => api.calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === chatId);

test("a 429 on sendMessage is retried after retry_after, then the answer goes out", async () => {
  api.failNext("sendMessage", { status: 429, retryAfter: 1 });
  const m = await ask();
  const [answer] = await answerTo(api, m);
  const [refused, ok] = sendsTo(m.chat.id);
  expect(refused!.status).toBe(429);
  expect(ok).toBe(answer);
  expect(ok!.params.text).toBe(refused!.params.text);
  expect(ok!.at - refused!.at).toBeGreaterThanOrEqual(950);
  expect(shown([answer!])).toContain("Tongzhou");
});

test("a 500 on sendMessage is retried", async () => {
  api.failNext("sendMessage", { status: 500 });
  const m = await ask();
  await answerTo(api, m);
  expect(sendsTo(m.chat.id).map((c) => c.status)).toEqual([500, 200]);
});

test("HTML that Telegram refuses to parse is sent again as plain text", async () => {
  api.failNext("sendMessage", { status: 400, description: "Bad Request: can't parse entities: Unsupported start tag" });
  const m = await ask();
  const plain = await api.waitFor((c) => c.method === "sendMessage" && c.params.chat_id === m.chat.id && c.status === 200, "the plain-text resend");
  expect(plain.params.parse_mode).toBeUndefined();
  expect(plain.params.text).toContain("Sources\n[1] beijing-fintech");
  expect(plain.params.text).not.toContain("<b>");
  expect(plain.params.reply_parameters.message_id).toBe(m.message_id);
});

test("any other error gets the user a short apology, and the bot keeps answering", async () => {
  api.failNext("sendMessage", { status: 403, description: "Forbidden: bot was blocked by the user" });
  const m = await ask();
  const apology = await replyTo(api, m);
  expect(shown([apology])).toMatch(/^😕 Sorry, something went wrong/);
  const next = await ask();
  expect(shown(await answerTo(api, next))).toContain("Tongzhou");
});

async function pollingFault(fault: Parameters<typeof api.failNext>[1], timeoutMs: number): Promise<RecordedCall> {
  api.failNext("getUpdates", fault);
  const failed = await api.waitFor((c) => c.method === "getUpdates" && c.status === fault.status, `getUpdates ${fault.status}`);
  const m = await ask();
  await answerTo(api, m, timeoutMs);
  return failed;
}

test("polling goes on after a 429 from getUpdates (telegraf waits retry_after)", async () => {
  await pollingFault({ status: 429, retryAfter: 1 }, 5_000);
});

test("polling goes on after a 500 from getUpdates (telegraf waits 5 s)", async () => {
  const failed = await pollingFault({ status: 500 }, 10_000);
  const next = api.calls.find((c) => c.method === "getUpdates" && c.at > failed.at)!;
  expect(next.at - failed.at).toBeGreaterThanOrEqual(4_500);
});

// A 409 Conflict (another process polls the bot) stops polling instead: test/telegram-polling-conflict.test.ts.
test("polling is relaunched after an error that ends telegraf's loop (400)", async () => {
  const launches = () => api.calls.filter((c) => c.method === "deleteWebhook").length;
  const before = launches();
  await pollingFault({ status: 400, description: "Bad Request: injected fault" }, 5_000);
  expect(launches()).toBe(before + 1);
  expect(h.logs.some((l) => l.includes("telegram polling failed; restarting") && l.includes("400"))).toBe(true);
});

test("a 500 from getMe at start is retried", async () => {
  const other = await startTelegram({ qa, start: false });
  try {
    other.api.failNext("getMe", { status: 500 });
    await other.channel.start();
    expect(other.api.calls.filter((c) => c.method === "getMe").map((c) => c.status)).toEqual([500, 200]);
  } finally {
    await other.close();
  }
});

test("a wrong token fails start with a message that names the variable, not the token", async () => {
  const other = await startTelegram({ qa, start: false, env: { TELEGRAM_BOT_TOKEN: "654321:TEST-other-token-not-real-bbbbbbbbbbbbbbbbbb" } });
  try {
    const err = await other.channel.start().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/401.*TELEGRAM_BOT_TOKEN/);
    expect(err?.message).not.toContain("TEST-other-token");
  } finally {
    await other.close();
  }
});

test("no log line carries the token, though errors were logged", () => {
  expect(h.logs.some((l) => l.includes('"level":"warn"'))).toBe(true);
  const secretPart = TOKEN.split(":")[1]!;
  for (const line of h.logs) expect(line).not.toContain(secretPart);
});
