// Runs provider work under a deadline: the signal handed to the work aborts with an LlmError
// ("timeout") when time is up, and the returned promise settles then even if the work does not.
import { LlmError, providerError, type ProviderSource } from "./errors.js";

export async function withDeadline<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timeout = new LlmError("timeout", `${what} took longer than ${Math.round(ms)} ms`);
  if (ms <= 0) throw timeout;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timeout);
      reject(timeout);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
    // Whatever is still running (a stream being read) is told to stop.
    if (!controller.signal.aborted) controller.abort(new LlmError("timeout", `${what} was cancelled`));
  }
}

/** Any error from provider work, as an LlmError (a deadline's abort included); `source` names the server. */
export function asLlmError(err: unknown, source?: ProviderSource): LlmError {
  if (err instanceof LlmError) return err;
  if (source) return providerError(err, source);
  const name = (err as { name?: string })?.name;
  if (name === "AbortError" || name === "TimeoutError") return new LlmError("timeout", "the request was cancelled");
  return new LlmError("bad_response", `unexpected ${name ?? "error"} while talking to the model`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
