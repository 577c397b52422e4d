// Search over a chunk table in Postgres: nearest vectors through LangChain's PGVectorStore
// (pgvector's HNSW index), BM25 over the query terms' rows of the version's postings table
// (postings.ts; versions written before it: computed in SQL from the rows' tsvectors, which the
// GIN index finds), document frequencies from ts_stat at open. Every read is
// tried again while the server restarts (reconnect.ts).
import type { PGVectorStore } from "@langchain/community/vectorstores/pgvector";
import type pg from "pg";
import type { Scored, SearchBackend } from "../search-backend.js";
import { bm25Idf, Bm25Index, type WeightedTerm } from "../bm25.js";
import { readPostings } from "./postings.js";
import { retryingRead } from "./reconnect.js";
import { anyOf } from "./tsvector.js";

export interface PgBackendOptions {
  pool: pg.Pool;
  store: PGVectorStore;
  table: string;
  /** Chunk lengths when the version has its postings table (postings.ts); versions written before it have not. */
  lengths?: number[];
  chunks: number;
  docFreq: Map<string, number>;
  k1: number;
  b: number;
  avgdl: number;
}

export class PgBackend implements SearchBackend {
  /** Ranks the postings read for a question, with the chunk lengths (no postings of its own). */
  private readonly bm25?: Bm25Index;

  constructor(private readonly o: PgBackendOptions) {
    if (o.lengths) this.bm25 = new Bm25Index({ k1: o.k1, b: o.b, docLengths: o.lengths, postings: {} });
  }

  async dense(vector: number[], k: number): Promise<Scored[]> {
    const n = Math.min(k, this.o.chunks);
    if (n === 0) return [];
    const hits = await retryingRead(() => this.o.store.similaritySearchVectorWithScore(vector, n));
    // PGVectorStore gives pgvector's cosine distance.
    return hits.map(([doc, distance]) => ({ index: doc.metadata.i as number, score: 1 - distance }));
  }

  async cosines(vector: number[], indexes: number[]): Promise<number[]> {
    const r = await retryingRead(() => this.o.pool.query(`SELECT i, 1 - (embedding <=> $1::vector) AS s FROM ${this.o.table} WHERE i = ANY($2::int[])`, [`[${vector.join(",")}]`, indexes]));
    const by = new Map<number, number>(r.rows.map((row: { i: number; s: number }) => [row.i, row.s]));
    return indexes.map((i) => by.get(i) ?? 0);
  }

  async lexical(query: WeightedTerm[], k: number): Promise<Scored[]> {
    const known = query.filter((q) => this.docFreq(q.term) > 0);
    if (known.length === 0 || k <= 0) return [];
    const { pool, table, chunks, k1, b, avgdl } = this.o;
    if (this.bm25) {
      const postings = await retryingRead(() => readPostings(pool, table, [...new Set(known.map((q) => q.term))]));
      return this.bm25.searchIn(postings, known, k);
    }
    // The same formula and idf as the in-memory BM25 (bm25.ts): only the query's lexemes of each
    // row that holds one (marked with weight A, then kept).
    const terms = known.map((q) => q.term);
    const weights = known.map((q) => bm25Idf(chunks, this.docFreq(q.term)) * q.weight);
    const tf = "cardinality(u.positions)";
    const sql = `WITH q(term, w) AS (SELECT * FROM unnest($1::text[], $2::float8[]))
       SELECT c.i, SUM(q.w * ${tf} * ($4::float8 + 1) / (${tf} + $4::float8 * (1 - $5::float8 + $5::float8 * c.len / $6::float8))) AS score
       FROM ${table} c CROSS JOIN LATERAL unnest(ts_filter(setweight(c.tsv, 'A', $1::text[]), '{a}')) u JOIN q ON q.term = u.lexeme
       WHERE c.tsv @@ $7::tsquery
       GROUP BY c.i ORDER BY score DESC, c.i ASC LIMIT $3`;
    const r = await retryingRead(() => pool.query(sql, [terms, weights, k, k1, b, avgdl || 1, anyOf(terms)]));
    return r.rows.map((row: { i: number; score: number }) => ({ index: row.i, score: Number(row.score) }));
  }

  docFreq(term: string): number {
    return this.o.docFreq.get(term) ?? 0;
  }

  /** The pool is the process's (pools.ts): idle connections close by themselves. */
  async close(): Promise<void> {}
}
