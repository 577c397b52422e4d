// Webhook mode: Telegram POSTs each update to TELEGRAM_WEBHOOK_URL. telegraf's webhookCallback is
// mounted on the shared HTTP server (no second port). Before telegraf sees a request, the
// X-Telegram-Bot-Api-Secret-Token header is checked (403 without the right one, before any byte of
// the body is read), the body is read within limits (1 MB, 10 s, a bounded number at once) and
// must be one update (an object with an update_id): anything else gets a 400 here rather than an
// error inside telegraf.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import { HttpError } from "../../errors.js";
import { BodyGate } from "../../http/read-body.js";
import type { HttpServer } from "../../http/server.js";

export interface WebhookSettings {
  url: string;
  /** What telegraf compares with req.url: the URL's path and query. */
  path: string;
  secret: string;
}

/** An update is a message of at most 4096 characters and its entities: far below this. */
export const TELEGRAM_MAX_BODY_BYTES = 1024 * 1024;
const BODY_TIMEOUT_MS = 10_000;
/** Telegram opens at most 40 connections per webhook (max_connections, default 40). */
const MAX_BODIES_IN_FLIGHT = 64;

/**
 * Without TELEGRAM_WEBHOOK_SECRET a random secret is made for this run (setWebhook registers it
 * at every start), so the endpoint is never open to forged updates.
 */
export function webhookSettings(url: string, secret?: string): WebhookSettings {
  const u = new URL(url);
  return { url, path: u.pathname + u.search, secret: secret ?? randomBytes(32).toString("base64url") };
}

/** Registers the webhook route; while `closed()` it answers 503 so Telegram delivers later. */
export function mountWebhook(http: HttpServer, bot: Telegraf, hook: WebhookSettings, closed: () => boolean): void {
  const callback = bot.webhookCallback(hook.path, { secretToken: hook.secret });
  const gate = new BodyGate(MAX_BODIES_IN_FLIGHT);
  const secret = Buffer.from(hook.secret);
  http.route(new URL(hook.url).pathname, async (req, res) => {
    if (closed()) throw new HttpError(503, "stopping", { "retry-after": "5" });
    // As telegraf answers: 403 for anything but a POST with the right secret.
    const given = req.headers["x-telegram-bot-api-secret-token"];
    if (req.method !== "POST" || typeof given !== "string" || !sameBytes(Buffer.from(given), secret)) throw new HttpError(403, "forbidden");
    const body = await gate.read(req, { maxBytes: TELEGRAM_MAX_BODY_BYTES, timeoutMs: BODY_TIMEOUT_MS });
    const update = parseUpdate(body);
    if (!update) throw new HttpError(400, "not an update");
    // telegraf takes a body already read and parsed from req.body.
    await callback(Object.assign(req, { body: update }), res);
  });
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseUpdate(body: Buffer): Update | undefined {
  try {
    const u = JSON.parse(body.toString("utf8")) as unknown;
    const ok = typeof u === "object" && u !== null && Number.isSafeInteger((u as { update_id?: unknown }).update_id);
    return ok ? (u as Update) : undefined;
  } catch {
    return undefined;
  }
}
