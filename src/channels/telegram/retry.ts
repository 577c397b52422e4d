// Telegram answers 429 with parameters.retry_after when we send too fast, and telegraf does not
// retry it (nor a 5xx or a dropped connection). Sending calls go through here.
import { setTimeout as sleep } from "node:timers/promises";
import { TelegramError } from "telegraf";

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** A 429 asking to wait longer than this is not waited for: the call fails. */
  maxWaitMs?: number;
  /** Pause before retrying a 5xx or network error (doubles each time). */
  backoffMs?: number;
  /** Called before each wait, e.g. to log it. */
  onRetry?: (err: unknown, waitMs: number, attempt: number) => void;
}

/** How long to wait before trying the call again, or undefined when it should not be retried. */
export function retryDelayMs(err: unknown, attempt: number, backoffMs: number): number | undefined {
  if (err instanceof TelegramError) {
    if (err.code === 429) return Math.max(0, err.parameters?.retry_after ?? 1) * 1000;
    if (err.code >= 500) return backoffMs * 2 ** (attempt - 1);
    return undefined;
  }
  // node-fetch's errors: connection reset, refused, timeout, a body that is not JSON.
  if (err instanceof Error && err.name === "FetchError") return backoffMs * 2 ** (attempt - 1);
  return undefined;
}

export async function withRetry<T>(call: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 4;
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  const backoffMs = opts.backoffMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const wait = retryDelayMs(err, attempt, backoffMs);
      if (wait === undefined || attempt >= attempts || wait > maxWaitMs) throw err;
      opts.onRetry?.(err, wait, attempt);
      await sleep(wait);
    }
  }
}

/** A Bot API error's description, e.g. "Bad Request: message is not modified". */
export function apiErrorIs(err: unknown, code: number, descriptionPart: string): boolean {
  return err instanceof TelegramError && err.code === code && (err.description ?? "").includes(descriptionPart);
}
