// What can go wrong when planbot calls a model provider, in words safe to log: messages never
// carry the API key (provider text is scrubbed of it), and only the server's host is named.

// The error class lives with the others in src/errors.ts.
import { LlmError } from "../errors.js";
export { LlmError, type LlmFailure } from "../errors.js";

/** Who answered a request, for messages: "the <label> at <host>", and what to scrub from them. */
export interface ProviderSource {
  label: string;
  host: string;
  secrets: readonly string[];
}

/** Removes every known secret (and anything shaped like an API key) from a text. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out.replace(/\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, "[redacted]").replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
}

/** What provider SDKs throw (openai and @anthropic-ai/sdk APIError, ollama ResponseError, fetch errors). */
interface SdkError {
  name?: string;
  message?: string;
  status?: unknown;
  status_code?: unknown;
  headers?: unknown;
  error?: unknown;
  cause?: { code?: string; message?: string };
}

/** Any error from a provider package, as an LlmError that names only the host and holds no secret. */
export function providerError(err: unknown, source: ProviderSource): LlmError {
  if (err instanceof LlmError) return err;
  const e = (err ?? {}) as SdkError;
  if (e.name === "AbortError" || e.name === "TimeoutError" || e.name === "APIUserAbortError") return new LlmError("timeout", "the request was cancelled");
  const where = `the ${source.label} at ${source.host}`;
  const status = typeof e.status === "number" ? e.status : typeof e.status_code === "number" ? e.status_code : undefined;
  if (status !== undefined) {
    const detail = scrub(errorDetail(e), source.secrets).slice(0, 300);
    const msg = `${where} answered HTTP ${status}${detail ? `: ${detail}` : ""}`;
    if (status === 429) return new LlmError("rate_limited", msg, 429, retryAfterMs(e.headers));
    return new LlmError("http", msg, status);
  }
  const cause = e.cause?.code ?? e.cause?.message;
  if (cause || /connect|fetch failed|network|socket/i.test(`${e.name} ${e.message}`)) {
    return new LlmError("network", `cannot reach ${where} (${scrub(cause ?? e.message ?? "connection failed", source.secrets)})`);
  }
  return new LlmError("bad_response", `${where} sent an answer that could not be read (${e.name ?? "error"})`);
}

/** The server's own words: an OpenAI-, Anthropic- or Ollama-style error body, else the SDK's message. */
function errorDetail(e: SdkError): string {
  const body = e.error as { message?: unknown; error?: { message?: unknown } } | string | undefined;
  if (typeof body === "string") return body;
  if (typeof body?.message === "string") return body.message;
  if (typeof body?.error?.message === "string") return body.error.message;
  return (e.message ?? "")
    .replace(/^\d{3}\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** `retry-after-ms`, or `Retry-After` (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(headers: unknown): number | undefined {
  const get = (name: string): string | null | undefined =>
    typeof (headers as Headers | undefined)?.get === "function" ? (headers as Headers).get(name) : (headers as Record<string, string> | undefined)?.[name];
  const rawMs = get("retry-after-ms");
  if (rawMs && Number.isFinite(Number(rawMs)) && Number(rawMs) >= 0) return Number(rawMs);
  const raw = get("retry-after");
  if (!raw) return undefined;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}
