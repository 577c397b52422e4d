// What a store must answer for an opened index: nearest chunks by vector, exact cosines of a
// few chunks, BM25 over the chunks' terms, and how many chunks hold a term. The HNSW folder
// answers from memory; Postgres answers with pgvector and full-text search on its rows.
import type { WeightedTerm } from "./bm25.js";

export interface Scored {
  index: number;
  score: number;
}

export interface SearchBackend {
  /** Nearest chunks by cosine similarity (1 = same direction), best first. */
  dense(vector: number[], k: number): Promise<Scored[]>;
  /** Exact cosine of each listed chunk, in the order given. */
  cosines(vector: number[], indexes: number[]): Promise<number[]>;
  /** The best `k` chunks by BM25 that hold at least one term, best first (ties: lower index first). */
  lexical(query: WeightedTerm[], k: number): Promise<Scored[]>;
  /** Number of chunks that contain the term. */
  docFreq(term: string): number;
  close(): Promise<void>;
}
