// Embeddings from a provider's LangChain package (OpenAIEmbeddings for any OpenAI-compatible
// server, OllamaEmbeddings, …), as the IdentifiedEmbeddings an index records:
// "<provider>:<model>@<host name>". Around the package's class, what planbot adds: a deadline per
// call, patient retries at ingest (Retry-After honoured), one vector size, unit vectors, errors
// safe to log. The package is imported on first use, so it costs nothing when not configured.
import { Embeddings } from "@langchain/core/embeddings";
import { withDeadline } from "../llm/deadline.js";
import { LlmError, providerError, type ProviderSource } from "../llm/errors.js";
import { LruCache } from "../util/lru.js";
import { normalize } from "./local.js";
import type { IdentifiedEmbeddings } from "./types.js";

export interface ProviderEmbeddingsOptions {
  provider: string;
  model: string;
  /** The host name that identifies the server in the index's model id (no port). */
  hostName: string;
  source: ProviderSource;
  /** Imports the package and builds its Embeddings (with its own retries off). */
  load: () => Promise<Embeddings>;
  /** Longest wait for a question's vector (documents at ingest get a longer one). */
  queryTimeoutMs: number;
  /** Texts per request. */
  batchSize?: number;
}

const DOCUMENT_TIMEOUT_MS = 120_000;
const DOCUMENT_ATTEMPTS = 5;
const MAX_RETRY_WAIT_MS = 30_000;
const PROBE_TEXT = "planbot embedding size probe";

export class ProviderEmbeddings extends Embeddings implements IdentifiedEmbeddings {
  readonly modelId: string;
  readonly parallelism = 4;
  private size = 0;
  private readonly queryCache = new LruCache<string, number[]>(1000);
  private loaded?: Promise<Embeddings>;

  constructor(private readonly opts: ProviderEmbeddingsOptions) {
    super({ maxConcurrency: 4, maxRetries: 0 });
    this.modelId = `${opts.provider}:${opts.model}@${opts.hostName}`;
  }

  /** Vector size; 0 until a first call (or the index) has told it. */
  get dims(): number {
    return this.size;
  }

  /** Takes the size an index built with this same model recorded, so opening it needs no call. */
  assumeDims(dims: number): void {
    if (this.size === 0) this.size = dims;
  }

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

  /** Loads the provider's package, and learns the vector size with one short call when nothing has told it yet. */
  async warmUp(): Promise<void> {
    await this.model();
    if (this.size === 0) await this.withRetries([PROBE_TEXT]);
  }

  async close(): Promise<void> {}

  private model(): Promise<Embeddings> {
    this.loaded ??= this.opts.load();
    return this.loaded;
  }

  private async call(texts: string[], timeoutMs: number): Promise<number[][]> {
    if (texts.length === 0) return [];
    const model = await this.model();
    const where = `the embedding server at ${this.opts.source.host}`;
    let vectors: number[][];
    try {
      vectors = await withDeadline(timeoutMs, where, () => model.embedDocuments(texts));
    } catch (err) {
      throw providerError(err, this.opts.source);
    }
    if (vectors.length !== texts.length || vectors.some((v) => !Array.isArray(v) || v.length === 0)) {
      throw new LlmError("bad_response", `${where} sent ${vectors.length} vectors for ${texts.length} texts`);
    }
    const dims = vectors[0]!.length;
    if (vectors.some((v) => v.length !== dims)) throw new LlmError("bad_response", `${where} sent vectors of different sizes`);
    if (this.size === 0) this.size = dims;
    else if (dims !== this.size) {
      throw new LlmError("bad_response", `the embedding model ${this.modelId} now gives ${dims}-dimensional vectors, not ${this.size}; run \`npm run ingest\` to rebuild the index`);
    }
    return vectors.map((v) => normalize(v.map(Number)));
  }
}
