// Keeps long polling alive. telegraf 4.16.3's polling loop waits and retries by itself after a
// 429 (retry_after), a 5xx (5 s) or a network error, but any other getUpdates error (401, 409
// Conflict, 400…) ends the loop and rejects bot.launch(); so does a failing deleteWebhook at
// launch. This supervisor launches again after a growing pause until stop() is called, except
// after a 409 Conflict: another process polls this bot (or set a webhook for it), and two of
// them would only take turns cutting each other off. Telegram sends the 409 to the older poll,
// so the newcomer keeps polling and this one stops, saying why.
import { setTimeout as sleep } from "node:timers/promises";
import { TelegramError, type Telegraf } from "telegraf";
import type { Logger } from "../../log.js";
import { ANOTHER_POLLER } from "./polling-lock.js";

export interface PollingOptions {
  allowedUpdates: Telegraf.LaunchOptions["allowedUpdates"];
  /** First pause before launching again; doubles up to maxDelayMs. */
  restartDelayMs?: number;
  maxDelayMs?: number;
}

/** A run that lasted this long was healthy: the next failure starts the pauses over. */
const HEALTHY_RUN_MS = 30_000;

export class PollingSupervisor {
  private stopping = false;
  private conflicted = false;
  private readonly abort = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly bot: Telegraf,
    private readonly log: Logger,
    private readonly opts: PollingOptions,
  ) {}

  /** Starts polling; resolves once telegraf has launched (bot identity known, polling next). */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.running = this.run(resolve);
    });
  }

  /** True once a 409 Conflict stopped polling (another process polls the bot). */
  get stoppedByConflict(): boolean {
    return this.conflicted;
  }

  /** Stops polling and waits (bounded) for telegraf's loop to end. */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    const running = this.running;
    if (!running) return;
    // bot.stop() throws "Bot is not running!" between launch() and the start of its polling
    // loop, and a loop started just after would run on; so it is repeated until the run ends.
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void running.finally(() => (ended = true));
    while (!ended && Date.now() < deadline) {
      try {
        this.bot.stop("shutdown");
      } catch {
        // not polling at this instant
      }
      await Promise.race([running, sleep(100)]);
    }
    if (!ended) this.log.warn("telegram polling did not stop in time");
  }

  private async run(launched: () => void): Promise<void> {
    const first = this.opts.restartDelayMs ?? 1_000;
    const max = this.opts.maxDelayMs ?? 30_000;
    let delay = first;
    while (!this.stopping) {
      const began = Date.now();
      try {
        await this.bot.launch({ allowedUpdates: this.opts.allowedUpdates }, launched);
        if (this.stopping) break;
        this.log.warn("telegram polling ended by itself; restarting", { inMs: delay });
      } catch (err) {
        if (this.stopping) break;
        if (err instanceof TelegramError && err.code === 409) {
          this.conflicted = true;
          const why = /webhook/i.test(err.description)
            ? "a webhook was set for this bot while it was polling, so another replica runs in webhook mode; run every replica in webhook mode (TELEGRAM_WEBHOOK_URL) or only one polling"
            : ANOTHER_POLLER;
          this.log.error(`telegram: Telegram answered 409 Conflict: ${why}. Polling stops here.`, { error: err });
          break;
        }
        // The logger redacts the token, which telegraf errors may carry in a request URL.
        this.log.warn("telegram polling failed; restarting", { error: err, inMs: delay });
      }
      if (Date.now() - began > HEALTHY_RUN_MS) delay = first;
      try {
        await sleep(delay, undefined, { signal: this.abort.signal });
      } catch {
        break; // stop() during the pause
      }
      delay = Math.min(delay * 2, max);
    }
    launched(); // never leave start() waiting when stop() came first
  }
}
