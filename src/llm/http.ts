// The HTTP under every provider: one JSON POST with an abort signal, errors turned into
// LlmErrors that are safe to log, and line readers for streamed bodies (SSE and NDJSON).
import { LlmError, scrub } from "./errors.js";

/** The OpenAI API, for chat and embeddings alike, when OPENAI_BASE_URL is not set. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

export interface Endpoint {
  /** Names the provider in messages ("OpenAI-compatible API", "Ollama"). */
  label: string;
  /** Base URL as configured; only its host ever appears in a message. */
  baseUrl: string;
  headers?: Record<string, string>;
  /** Values to scrub from anything the server sends back (the API key). */
  secrets: readonly string[];
}

/** `base` + `path`, keeping any path the base already has (".../v1" + "/chat/completions"). */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + "/" + path.replace(/^\/+/, "");
}

/** The host (and port) of a URL, without any credentials or path: safe to show. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}

/** POSTs JSON and returns the response once its status is OK; anything else is an LlmError. */
export async function postJson(endpoint: Endpoint, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const where = `${endpoint.label} at ${hostOf(endpoint.baseUrl)}`;
  let res: Response;
  try {
    res = await fetch(joinUrl(endpoint.baseUrl, path), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream, application/x-ndjson", ...endpoint.headers },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    throw abortReason(signal) ?? new LlmError("network", `cannot reach the ${where} (${causeOf(err)})`);
  }
  if (res.ok) return res;
  const text = await readSome(res, 2000).catch(() => "");
  const detail = scrub(errorDetail(text), endpoint.secrets).slice(0, 300);
  const msg = `the ${where} answered HTTP ${res.status}${detail ? `: ${detail}` : ""}`;
  if (res.status === 429) throw new LlmError("rate_limited", msg, 429, retryAfterMs(res.headers));
  throw new LlmError("http", msg, res.status);
}

/** Reads a JSON body, or says that the server sent something else. */
export async function readJson(res: Response, endpoint: Endpoint, signal?: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw abortReason(signal) ?? new LlmError("network", `the ${endpoint.label} at ${hostOf(endpoint.baseUrl)} broke off its answer (${causeOf(err)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new LlmError("bad_response", `the ${endpoint.label} at ${hostOf(endpoint.baseUrl)} did not answer with JSON`);
  }
}

/** The lines of a streamed body, as they arrive. */
export async function* lines(res: Response, endpoint: Endpoint, signal?: AbortSignal): AsyncGenerator<string> {
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw abortReason(signal) ?? new LlmError("network", `the ${endpoint.label} at ${hostOf(endpoint.baseUrl)} broke off its answer (${causeOf(err)})`);
      }
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, "");
        buffer = buffer.slice(nl + 1);
        yield line;
      }
    }
    buffer += decoder.decode();
    if (buffer) yield buffer.replace(/\r$/, "");
  } finally {
    // Stops the download when the consumer gives up early (deadline, error).
    reader.cancel().catch(() => {});
  }
}

/** The `data:` payloads of a server-sent event stream, up to `[DONE]`. */
export async function* sseData(res: Response, endpoint: Endpoint, signal?: AbortSignal): AsyncGenerator<string> {
  for await (const line of lines(res, endpoint, signal)) {
    if (!line.startsWith("data:")) continue; // comments, event names, blank separators
    const data = line.slice(5).trim();
    if (data === "[DONE]") return;
    if (data) yield data;
  }
}

/** The reason a signal was aborted with, as an Error (our deadline sets an LlmError). */
export function abortReason(signal?: AbortSignal): Error | undefined {
  if (!signal?.aborted) return undefined;
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new LlmError("timeout", "the request was cancelled");
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in milliseconds. */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

async function readSome(res: Response, max: number): Promise<string> {
  const text = await res.text();
  return text.slice(0, max);
}

/** The error message of an OpenAI- or Ollama-style error body, or the body itself. */
function errorDetail(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; message?: unknown };
    const e = j.error;
    if (typeof e === "string") return e;
    if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
    if (typeof j.message === "string") return j.message;
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, " ").trim();
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
