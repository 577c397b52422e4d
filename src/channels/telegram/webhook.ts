// Webhook mode: Telegram POSTs each update to TELEGRAM_WEBHOOK_URL. telegraf's webhookCallback is
// mounted on the shared HTTP server (no second port); it answers 403 to a request without the
// right X-Telegram-Bot-Api-Secret-Token header.
import { randomBytes } from "node:crypto";
import type { Telegraf } from "telegraf";
import type { HttpServer } from "../../http/server.js";

export interface WebhookSettings {
  url: string;
  /** What telegraf compares with req.url: the URL's path and query. */
  path: string;
  secret: string;
}

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
  http.route(new URL(hook.url).pathname, async (req, res) => {
    if (closed()) {
      res.writeHead(503, { "retry-after": "5" }).end();
      return;
    }
    await callback(req, res);
  });
}
