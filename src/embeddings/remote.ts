// Embeddings from a server (an OpenAI-compatible /embeddings API or Ollama's /api/embed), as
// LangChain Embeddings with the identity an index records: "<provider>:<model>@<host name>".
// The size of the vectors is learned from the first answer (or from the index, see assumeDims).
import { Embeddings } from "@langchain/core/embeddings";
import { LlmError } from "../llm/errors.js";
import type { Endpoint } from "../llm/http.js";
import { LruCache } from "../util/lru.js";
import { normalize } from "./local.js";
import type { IdentifiedEmbeddings } from "./types.js";

export interface RemoteEmbeddingsOptions {
  provider: "openai" | "ollama";
  model: string;
  endpoint: Endpoint;
  /** Longest wait for a question's vector (documents at ingest get a longer one). */
  queryTimeoutMs: number;
  /** Texts per request. */
  batchSize?: number;
}

const DOCUMENT_TIMEOUT_MS = 120_000;
const DOCUMENT_ATTEMPTS = 5;
const MAX_RETRY_WAIT_MS = 30_000;
const PROBE_TEXT = "planbot embedding size probe";

export abstract class RemoteEmbeddings extends Embeddings implements IdentifiedEmbeddings {
  readonly modelId: string;
  readonly parallelism = 4;
  private size = 0;
  private readonly queryCache = new LruCache<string, number[]>(1000);

  protected constructor(protected readonly opts: RemoteEmbeddingsOptions) {
    super({ maxConcurrency: 4, maxRetries: 0 });
    this.modelId = `${opts.provider}:${opts.model}@${hostName(opts.endpoint.baseUrl)}`;
  }

  /** Vector size; 0 until a first call (or the index) has told it. */
  get dims(): number {
    return this.size;
  }

  /** Takes the size an index built with this same model recorded, so opening it needs no call. */
  assumeDims(dims: number): void {
    if (this.size === 0) this.size = dims;
  }

  /** One batch of texts → raw vectors, in order. */
  protected abstract request(texts: string[], signal: AbortSignal): Promise<number[][]>;

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    const batch = this.opts.batchSize ?? 64;
    for (let i = 0; i < texts.length; i += batch) out.push(...(await this.withRetries(texts.slice(i, i + batch))));
    return out;
  }

  /** Ingest is patient: a 429 waits for Retry-After, a 5xx or a dropped connection backs off. */
  private async withRetries(texts: string[]): Promise<number[][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call(texts, DOCUMENT_TIMEOUT_MS);
      } catch (err) {
        const e = err instanceof LlmError ? err : undefined;
        const retryable = e && (e.kind === "rate_limited" || e.kind === "network" || (e.kind === "http" && (e.status ?? 0) >= 500));
        if (!retryable || attempt >= DOCUMENT_ATTEMPTS) throw err;
        const wait = Math.min(MAX_RETRY_WAIT_MS, e.retryAfterMs ?? 1000 * 2 ** (attempt - 1));
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  override async embedQuery(text: string): Promise<number[]> {
    const hit = this.queryCache.get(text);
    if (hit) return hit;
    const [v] = await this.call([text], this.opts.queryTimeoutMs);
    this.queryCache.set(text, v!);
    return v!;
  }

  /** Learns the vector size with one short call when nothing has told it yet. */
  async warmUp(): Promise<void> {
    if (this.size === 0) await this.withRetries([PROBE_TEXT]);
  }

  async close(): Promise<void> {}

  private async call(texts: string[], timeoutMs: number): Promise<number[][]> {
    if (texts.length === 0) return [];
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new LlmError("timeout", `the embedding server at ${hostName(this.opts.endpoint.baseUrl)} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      const vectors = await this.request(texts, controller.signal);
      if (vectors.length !== texts.length || vectors.some((v) => !Array.isArray(v) || v.length === 0)) {
        throw new LlmError("bad_response", `the embedding server sent ${vectors.length} vectors for ${texts.length} texts`);
      }
      const dims = vectors[0]!.length;
      if (vectors.some((v) => v.length !== dims)) throw new LlmError("bad_response", "the embedding server sent vectors of different sizes");
      if (this.size === 0) this.size = dims;
      else if (dims !== this.size) {
        throw new LlmError("bad_response", `the embedding model ${this.modelId} now gives ${dims}-dimensional vectors, not ${this.size}; run \`npm run ingest\` to rebuild the index`);
      }
      return vectors.map((v) => normalize(v.map(Number)));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The host name of a URL (no port, no credentials): what identifies the server for an index. */
export function hostName(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "unknown-host";
  }
}
