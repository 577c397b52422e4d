// What can go wrong when planbot calls a model provider, in words safe to log: messages never
// carry the API key (response text is scrubbed of it), and only the server's host is named.

// The error class lives with the others in src/errors.ts.
export { LlmError, type LlmFailure } from "../errors.js";

/** Removes every known secret (and anything shaped like an API key) from a text. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out.replace(/\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, "[redacted]").replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
}
