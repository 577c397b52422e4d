// A synthetic index of any size, written and read by the real index code: generated text
// (a word-bigram chain learned from real documents) cut by the real splitter, BM25 postings
// built by the real Bm25Index, clustered synthetic vectors (so 100k texts need not be
// embedded), and the HNSW graph. Questions are embedded by the real model (its cost is real)
// and searched with a synthetic vector from the same mixture as the chunks, so HNSW meets the
// kind of query it will meet in production rather than one from another distribution.
import { mkdir } from "node:fs/promises";
import { Embeddings } from "@langchain/core/embeddings";
import type hnswlib from "hnswlib-node";
import { LOCAL_DIMS, LOCAL_MODEL_ID, type LocalEmbeddings } from "../src/embeddings/local.js";
import type { IdentifiedEmbeddings } from "../src/embeddings/types.js";
import { Bm25Index } from "../src/index/bm25.js";
import { writeIndexFolder } from "../src/index/folder/index-folder.js";
import type { IndexContents } from "../src/index/store.js";
import { DEFAULT_HNSW, INDEX_FORMAT, INDEX_VERSION, type HnswSettings, type Manifest } from "../src/index/manifest.js";
import { lexicalText } from "../src/text/lexical-text.js";
import { DEFAULT_SPLITTER, splitDocument } from "../src/ingest/splitter.js";
import { TOKENIZER_VERSION } from "../src/text/tokenize.js";
import type { Chunk } from "../src/types.js";
import { generatedDocuments, type MarkovText } from "./corpus.js";
import { mixSeed } from "./stats.js";
import type { ClusteredVectors } from "./vectors.js";

export interface SyntheticIndexOptions {
  /** The folder openIndex() is given (written directly, no versioned symlink needed). */
  dir: string;
  chunks: number;
  markov: MarkovText;
  /** Unit vectors, at least `chunks` of them. */
  vectors: Float32Array;
  /** A graph built from exactly these vectors with `hnsw` (saves building it twice). */
  graph?: hnswlib.HierarchicalNSW;
  hnsw?: HnswSettings;
  seed?: number;
}

export interface SyntheticIndexInfo {
  chunks: number;
  documents: number;
  chars: number;
  textMs: number;
  writeMs: number;
}

/** The synthetic index's contents (text, chunks, BM25 postings, vectors), without writing them anywhere. */
export function syntheticContents(opts: Omit<SyntheticIndexOptions, "dir" | "graph">): { contents: IndexContents; info: Omit<SyntheticIndexInfo, "writeMs"> } {
  const dims = LOCAL_DIMS;
  const hnsw = opts.hnsw ?? DEFAULT_HNSW;
  const t0 = performance.now();
  const docs = generatedDocuments(opts.markov, opts.chunks, opts.seed ?? 5, "synthetic");
  const documents = new Map<string, string>();
  const chunks: Chunk[] = [];
  const files: Manifest["files"] = {};
  for (const d of docs) {
    if (chunks.length >= opts.chunks) break;
    const own = splitDocument(d.name, d.text).slice(0, opts.chunks - chunks.length);
    documents.set(d.name, d.text);
    files[d.name] = { hash: "synthetic", bytes: Buffer.byteLength(d.text), chunks: own.map((c) => c.id) };
    chunks.push(...own);
  }
  if (opts.vectors.length < chunks.length * dims) throw new Error(`need ${chunks.length} vectors, got ${opts.vectors.length / dims}`);
  const vectors = opts.vectors.length === chunks.length * dims ? opts.vectors : opts.vectors.slice(0, chunks.length * dims);
  const lexical = Bm25Index.build(chunks.map(lexicalText));
  const textMs = performance.now() - t0;
  const manifest: Manifest = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    createdAt: new Date().toISOString(),
    embedding: { model: LOCAL_MODEL_ID, dims },
    splitter: DEFAULT_SPLITTER,
    hnsw,
    tokenizer: TOKENIZER_VERSION,
    files,
    skipped: [],
    chunkCount: chunks.length,
  };
  return {
    contents: { manifest, documents, chunks, vectors, lexical },
    info: { chunks: chunks.length, documents: documents.size, chars: chunks.reduce((a, c) => a + c.text.length, 0), textMs },
  };
}

export async function writeSyntheticIndex(opts: SyntheticIndexOptions): Promise<SyntheticIndexInfo> {
  const { contents, info } = syntheticContents(opts);
  if (opts.graph && opts.graph.getCurrentCount() !== contents.chunks.length) throw new Error("the prebuilt graph does not hold one point per chunk");
  const t1 = performance.now();
  await mkdir(opts.dir, { recursive: true });
  await writeIndexFolder(opts.dir, contents, placeholderEmbeddings(), opts.graph);
  return { ...info, writeMs: performance.now() - t1 };
}

/** HNSWLib wants an Embeddings to save with; writing never calls it. */
function placeholderEmbeddings(): Embeddings {
  return new (class extends Embeddings {
    override embedDocuments(): Promise<number[][]> {
      throw new Error("not used");
    }
    override embedQuery(): Promise<number[]> {
      throw new Error("not used");
    }
  })({});
}

/**
 * The real model embeds every question (same cost, same query cache), and the search gets a
 * vector drawn from the synthetic mixture for that question (the same one every time).
 */
export class SyntheticQueryEmbeddings extends Embeddings implements IdentifiedEmbeddings {
  readonly modelId = LOCAL_MODEL_ID;
  readonly dims = LOCAL_DIMS;
  readonly parallelism = 1;

  constructor(
    private readonly real: LocalEmbeddings,
    private readonly mixture: ClusteredVectors,
  ) {
    super({});
  }

  override async embedDocuments(): Promise<number[][]> {
    throw new Error("a synthetic index is not ingested");
  }

  override async embedQuery(text: string): Promise<number[]> {
    await this.real.embedQuery(text);
    return Array.from(this.mixture.sample(1, mixSeed(hash(text), 77)));
  }

  warmUp(): Promise<void> {
    return this.real.warmUp();
  }

  close(): Promise<void> {
    return this.real.close();
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
