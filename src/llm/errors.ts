// What can go wrong when planbot calls a model provider, in words safe to log: messages never
// carry the API key (response text is scrubbed of it), and only the server's host is named.

export type LlmFailure =
  /** No (complete) answer before the deadline. */
  | "timeout"
  /** HTTP 429: the provider asks us to slow down. */
  | "rate_limited"
  /** Any other HTTP error status. */
  | "http"
  /** The server could not be reached (refused, reset, DNS). */
  | "network"
  /** The server answered, but not in the shape the API promises. */
  | "bad_response";

export class LlmError extends Error {
  constructor(
    readonly kind: LlmFailure,
    message: string,
    readonly status?: number,
    /** From a 429's Retry-After header, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "LlmError";
  }
}

/** Removes every known secret (and anything shaped like an API key) from a text. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out.replace(/\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, "[redacted]").replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
}
