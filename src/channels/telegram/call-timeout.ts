// telegraf gives every Bot API call 500 s (node-fetch's timeout) and long polling no limit of its
// own beyond that: a server that accepts a request and then stops answering would hold a chat's
// queue, polling, and shutdown for minutes. Every call gets a deadline instead; a long poll gets
// its own poll time on top. A call past its deadline fails with an AbortError, which is not
// retried (the server may have acted on it); the chat then gets the usual apology and moves on.
import type { Telegram } from "telegraf";

/** Deadline for one Bot API call (Telegram answers in well under a second). */
export const API_TIMEOUT_MS = 30_000;

export function limitCallTime(telegram: Telegram, timeoutMs = API_TIMEOUT_MS): void {
  const call = telegram.callApi.bind(telegram);
  const limited = async (method: string, payload: unknown, opts: { signal?: AbortSignal } = {}) => {
    const pollS = method === "getUpdates" ? Number((payload as { timeout?: number } | undefined)?.timeout ?? 0) : 0;
    // One controller for both the deadline and the caller's signal. (telegraf's polling passes a
    // polyfilled AbortSignal, which AbortSignal.any would not follow: stop() would then leave a
    // long poll running, and an update arriving meanwhile would still be taken in.)
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs + pollS * 1000);
    const outer = opts.signal;
    const onAbort = () => ac.abort();
    if (outer?.aborted) ac.abort();
    else outer?.addEventListener("abort", onAbort, { once: true });
    try {
      return await call(method as never, payload as never, { ...opts, signal: ac.signal as never });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    }
  };
  telegram.callApi = limited as Telegram["callApi"];
}
