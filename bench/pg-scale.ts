// pgvector at scale on a native server: the synthetic corpus (generated text, clustered vectors;
// 100k chunks cannot be embedded here in time) written into Postgres by the real PgStore with the
// shipped HNSW settings, then pgvector's recall@10 against exact search, the dense and BM25
// queries' own latency, and whole questions through the service.
import { LocalEmbeddings } from "../src/embeddings/local.js";
import { PgStore } from "../src/index/pg/pg-store.js";
import { Qa } from "../src/qa.js";
import { terms } from "../src/text/tokenize.js";
import type { MarkovText } from "./corpus.js";
import { benchLatency, type LatencyCase } from "./latency.js";
import { benchLoad, type LoadResult } from "./load.js";
import { replicaUrl } from "../test/helpers/native-pg-process.js";
import { summarize, type Summary } from "./stats.js";
import { syntheticContents, SyntheticQueryEmbeddings } from "./synthetic.js";
import { exactTopK, type ClusteredVectors } from "./vectors.js";

export interface PgScaleResult {
  chunks: number;
  hnsw: { M: number; efConstruction: number; efSearch: number };
  /** Writing every row, the GIN and the HNSW index (no embedding: the vectors are given). */
  publishMs: number;
  openMs: number;
  recallAt10: number;
  recallQueries: number;
  /** One nearest-neighbour query (30 candidates, as the retriever asks) through pgvector's HNSW index. */
  dense: Summary;
  /** One BM25 query over the question's terms from the postings table (30 results). */
  bm25: Summary;
  latency: LatencyCase;
  /** Questions per second with one replica, and with two (a connection pool each). */
  loads: LoadResult[];
}

export interface PgScaleOptions {
  url: string;
  chunks: number;
  markov: MarkovText;
  mixture: ClusteredVectors;
  questions: string[];
  warmUp: string[];
  recallQueries?: number;
  loadLevels: number[];
  loadQuestions: number;
  log?: (line: string) => void;
}

export async function benchPgScale(opts: PgScaleOptions): Promise<PgScaleResult> {
  const log = opts.log ?? (() => {});
  const { contents } = syntheticContents({ chunks: opts.chunks, markov: opts.markov, vectors: opts.mixture.sample(opts.chunks, 1) });
  const dims = contents.manifest.embedding.dims;
  const embeddings = new SyntheticQueryEmbeddings(new LocalEmbeddings({ workers: 0 }), opts.mixture);
  const store = new PgStore(opts.url, "scale");
  log(`pgvector at scale: writing ${contents.chunks.length} synthetic chunks and building the indexes`);
  const release = await store.lock();
  const t0 = performance.now();
  try {
    await store.publish(contents, embeddings);
  } finally {
    await release();
  }
  const publishMs = performance.now() - t0;
  const t1 = performance.now();
  const index = await store.open(embeddings);
  const openMs = performance.now() - t1;

  const n = opts.recallQueries ?? 200;
  log(`pgvector at scale: recall@10 of ${n} queries against exact search`);
  const queries = opts.mixture.sample(n, 4242);
  const dense: number[] = [];
  let found = 0;
  for (let q = 0; q < n; q++) {
    const vector = Array.from(queries.subarray(q * dims, (q + 1) * dims));
    const exact = new Set(exactTopK(contents.vectors, dims, vector, 10));
    const hits = await index.dense(vector, 10);
    found += hits.filter((h) => exact.has(h.index)).length;
    const t = performance.now();
    await index.dense(vector, 30);
    dense.push(performance.now() - t);
  }
  const bm25: number[] = [];
  for (const question of opts.questions) {
    const query = [...new Set(terms(question))].map((term) => ({ term, weight: 1 }));
    const t = performance.now();
    await index.lexical(query, 30);
    bm25.push(performance.now() - t);
  }
  log(`pgvector at scale: ${opts.questions.length} questions through the service`);
  const latency = await benchLatency({ name: `synthetic-${contents.chunks.length} (pgvector native)`, qa: new Qa(index, embeddings), questions: opts.questions, warmUp: opts.warmUp });
  const second = await new PgStore(replicaUrl(opts.url, 1), "scale").open(embeddings);
  const loads: LoadResult[] = [];
  for (const replicas of [1, 2]) {
    loads.push(
      await benchLoad({
        corpus: `synthetic-${contents.chunks.length}`,
        makeQa: async (r) => new Qa(r === 0 ? index : second, new SyntheticQueryEmbeddings(new LocalEmbeddings({ workers: 0 }), opts.mixture)),
        replicas,
        questions: opts.questions.slice(0, opts.loadQuestions),
        levels: opts.loadLevels,
        log,
      }),
    );
  }
  await embeddings.close();
  const { M, efConstruction, efSearch } = contents.manifest.hnsw;
  return {
    chunks: contents.chunks.length,
    hnsw: { M, efConstruction, efSearch },
    publishMs,
    openMs,
    recallAt10: found / (n * 10),
    recallQueries: n,
    dense: summarize(dense),
    bm25: summarize(bm25),
    latency,
    loads,
  };
}
