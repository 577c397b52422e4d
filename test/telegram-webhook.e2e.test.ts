// Webhook mode (TELEGRAM_WEBHOOK_URL): telegraf's webhook handler on the shared HTTP server,
// setWebhook with the secret at start, 403 without the secret, answers through the Bot API.
import type { Update } from "telegraf/types";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { QaService } from "../src/types.js";
import { planQa } from "./helpers/plan-qa.js";
import { observed } from "./helpers/observed-qa.js";
import { alice, answerTo, privateChat, shown, startTelegram, WEBHOOK_PATH, type Harness } from "./helpers/telegram-harness.js";

// Answers arrive in milliseconds; the margin is for a loaded machine (waitFor fails first, with a clearer message).
vi.setConfig({ testTimeout: 20_000 });

const SECRET = "webhook-secret_for-tests";

let h: Harness;
let qa: QaService & { asked: string[] };

beforeAll(async () => {
  qa = observed(await planQa());
  h = await startTelegram({ qa, webhook: true, env: { TELEGRAM_WEBHOOK_SECRET: SECRET } });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const update = (text: string): Update =>
  ({
    update_id: 900,
    message: { message_id: 1, date: 0, chat: privateChat(alice), from: alice, text },
  }) as Update;

test("start registers the webhook with its secret and the command menu; it never polls", () => {
  const set = h.api.calls.find((c) => c.method === "setWebhook");
  expect(set?.params).toMatchObject({ url: h.httpUrl + WEBHOOK_PATH, secret_token: SECRET });
  expect(set?.params.allowed_updates).toEqual(["message", "callback_query"]);
  expect(h.api.commands.length).toBeGreaterThan(0);
  expect(h.api.calls.some((c) => c.method === "getUpdates" || c.method === "deleteWebhook")).toBe(false);
});

test("a request without the secret, or with a wrong one, gets 403 and reaches nobody", async () => {
  expect(await h.api.deliver(update("Where is the security industry cluster?"), undefined)).toBe(403);
  expect(await h.api.deliver(update("Where is the security industry cluster?"), "wrong")).toBe(403);
  const get = await fetch(h.httpUrl + WEBHOOK_PATH, { headers: { "x-telegram-bot-api-secret-token": SECRET } });
  expect(get.status).toBe(403);
  expect(qa.asked).toEqual([]);
});

test("an update with the secret gets 200 at once and the answer goes out through the Bot API", async () => {
  const m = await h.api.userSays({ chat: privateChat(alice), from: alice, text: "Where is the security industry cluster?" });
  expect(h.api.calls.filter((c) => c.method === "getUpdates")).toEqual([]);
  expect(shown(await answerTo(h.api, m))).toContain("Fangshan");
});

test("without TELEGRAM_WEBHOOK_SECRET a random secret is registered and still required", async () => {
  const other = await startTelegram({ qa, webhook: true });
  try {
    const secret = other.api.webhook?.secret ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(await other.api.deliver(update("hi"), undefined)).toBe(403);
    expect(await other.api.deliver(update("/sources"), secret)).toBe(200);
    await other.api.waitFor((c) => c.method === "sendMessage" && c.status === 200, "the /sources reply");
  } finally {
    await other.close();
  }
});

test("after stop() the endpoint answers 503, so Telegram delivers the update again later", async () => {
  const other = await startTelegram({ qa, webhook: true });
  await other.channel.stop();
  try {
    expect(await other.api.deliver(update("hi"), other.api.webhook!.secret)).toBe(503);
  } finally {
    await other.close();
  }
});
