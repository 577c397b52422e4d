// An index opened for questions: chunks, documents, BM25 and the HNSW graph in memory,
// read once per process and shared by every channel.
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { IdentifiedEmbeddings } from "../embeddings/types.js";
import { sentenceRanges, type SentenceRange } from "../text/sentences.js";
import type { Chunk } from "../types.js";
import type { WeightedTerm } from "./bm25.js";
import { readHnsw, readIndexContents, type IndexContents } from "./index-folder.js";
import { IndexUnavailableError } from "./manifest.js";
import { currentVersion } from "./publish.js";

export interface Scored {
  index: number;
  score: number;
}

export class LoadedIndex {
  private readonly sentenceCache = new Map<string, SentenceRange[]>();

  constructor(
    readonly dir: string,
    readonly contents: IndexContents,
    private readonly hnsw: HNSWLib,
  ) {}

  get manifest() {
    return this.contents.manifest;
  }

  get chunks(): Chunk[] {
    return this.contents.chunks;
  }

  get size(): number {
    return this.contents.chunks.length;
  }

  document(source: string): string | undefined {
    return this.contents.documents.get(source);
  }

  sources(): string[] {
    return [...this.contents.documents.keys()];
  }

  hasTerm(term: string): boolean {
    return this.contents.lexical.has(term);
  }

  docFreq(term: string): number {
    return this.contents.lexical.docFreq(term);
  }

  idf(term: string): number {
    return this.contents.lexical.idf(term);
  }

  /** Nearest chunks by cosine similarity (1 = same direction), through HNSW. */
  async dense(vector: number[], k: number): Promise<Scored[]> {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const hits = await this.hnsw.similaritySearchVectorWithScore(vector, n);
    return hits.map(([doc, distance]) => ({ index: doc.metadata.i as number, score: 1 - distance }));
  }

  /** Exact cosine of one chunk (vectors are stored unit length). */
  cosine(vector: number[], index: number): number {
    const dims = this.manifest.embedding.dims;
    const v = this.contents.vectors;
    let dot = 0;
    for (let d = 0, o = index * dims; d < dims; d++) dot += vector[d]! * v[o + d]!;
    return dot;
  }

  lexical(query: WeightedTerm[], k: number): Scored[] {
    return this.contents.lexical.search(query, k);
  }

  /** Sentences of a document (cached), for picking quotes inside a chunk. */
  sentences(source: string): SentenceRange[] {
    let s = this.sentenceCache.get(source);
    if (!s) {
      s = sentenceRanges(this.document(source) ?? "");
      this.sentenceCache.set(source, s);
    }
    return s;
  }
}

/** Opens the current index version; refuses one built with another embedding model. */
export async function openIndex(indexDir: string, embeddings: IdentifiedEmbeddings): Promise<LoadedIndex> {
  const dir = await currentVersion(indexDir);
  if (!dir) throw new IndexUnavailableError(`No index at ${indexDir}. Run \`npm run ingest\` to build it.`);
  const contents = await readIndexContents(dir);
  const built = contents.manifest.embedding;
  if (built.model !== embeddings.modelId || built.dims !== embeddings.dims) {
    throw new IndexUnavailableError(
      `The index at ${indexDir} was built with the embedding model ${built.model} (${built.dims} dims), but the configured model is ${embeddings.modelId} (${embeddings.dims} dims). Run \`npm run ingest\` to rebuild it, or set EMBEDDINGS back.`,
    );
  }
  const hnsw = await readHnsw(dir, embeddings, contents.manifest);
  return new LoadedIndex(dir, contents, hnsw);
}
