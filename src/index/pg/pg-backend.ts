// Search over a chunk table in Postgres: nearest vectors through LangChain's PGVectorStore
// (pgvector's HNSW index), BM25 computed in SQL from the rows' tsvector (the GIN index finds
// the chunks that hold a query term), document frequencies from ts_stat at open. Every read is
// tried again while the server restarts (reconnect.ts).
import type { PGVectorStore } from "@langchain/community/vectorstores/pgvector";
import type pg from "pg";
import type { WeightedTerm } from "../bm25.js";
import { bm25Idf, type Scored, type SearchBackend } from "../search-backend.js";
import { retryingRead } from "./reconnect.js";
import { anyOf } from "./tsvector.js";

export interface PgBackendOptions {
  pool: pg.Pool;
  store: PGVectorStore;
  table: string;
  /** The version's postings table (term, i, tf, len); absent in versions written before it. */
  postings?: string;
  chunks: number;
  docFreq: Map<string, number>;
  k1: number;
  b: number;
  avgdl: number;
}

export class PgBackend implements SearchBackend {
  constructor(private readonly o: PgBackendOptions) {}

  async dense(vector: number[], k: number): Promise<Scored[]> {
    const n = Math.min(k, this.o.chunks);
    if (n === 0) return [];
    const hits = await retryingRead(() => this.o.store.similaritySearchVectorWithScore(vector, n));
    // PGVectorStore gives pgvector's cosine distance.
    return hits.map(([doc, distance]) => ({ index: doc.metadata.i as number, score: 1 - distance }));
  }

  async cosines(vector: number[], indexes: number[]): Promise<number[]> {
    const r = await retryingRead(() =>
      this.o.pool.query(`SELECT i, 1 - (embedding <=> $1::vector) AS s FROM ${this.o.table} WHERE i = ANY($2::int[])`, [`[${vector.join(",")}]`, indexes]),
    );
    const by = new Map<number, number>(r.rows.map((row: { i: number; s: number }) => [row.i, row.s]));
    return indexes.map((i) => by.get(i) ?? 0);
  }

  async lexical(query: WeightedTerm[], k: number): Promise<Scored[]> {
    const known = query.filter((q) => this.docFreq(q.term) > 0);
    if (known.length === 0 || k <= 0) return [];
    const { k1, b, avgdl } = this.o;
    // The same formula and idf as the in-memory BM25 (bm25.ts), so both stores rank alike.
    const terms = known.map((q) => q.term);
    const weights = known.map((q) => bm25Idf(this.o.chunks, this.docFreq(q.term)) * q.weight);
    const score = (tf: string, len: string) => `SUM(q.w * ${tf} * ($4::float8 + 1) / (${tf} + $4::float8 * (1 - $5::float8 + $5::float8 * ${len} / $6::float8)))`;
    const head = `WITH q(term, w) AS (SELECT * FROM unnest($1::text[], $2::float8[]))`;
    // From the postings table: only the query terms' rows, found by term. Older versions: only
    // the query's lexemes of each row that holds one (marked with weight A, then kept).
    const sql = this.o.postings
      ? `${head} SELECT p.i, ${score("p.tf", "p.len")} AS score FROM q JOIN ${this.o.postings} p ON p.term = q.term
         GROUP BY p.i ORDER BY score DESC, p.i ASC LIMIT $3`
      : `${head} SELECT c.i, ${score("cardinality(u.positions)", "c.len")} AS score
         FROM ${this.o.table} c CROSS JOIN LATERAL unnest(ts_filter(setweight(c.tsv, 'A', $1::text[]), '{a}')) u JOIN q ON q.term = u.lexeme
         WHERE c.tsv @@ $7::tsquery
         GROUP BY c.i ORDER BY score DESC, c.i ASC LIMIT $3`;
    const params = [terms, weights, k, k1, b, avgdl || 1, ...(this.o.postings ? [] : [anyOf(terms)])];
    const r = await retryingRead(() => this.o.pool.query(sql, params));
    return r.rows.map((row: { i: number; score: number }) => ({ index: row.i, score: Number(row.score) }));
  }

  docFreq(term: string): number {
    return this.o.docFreq.get(term) ?? 0;
  }

  /** The pool is the process's (pools.ts): idle connections close by themselves. */
  async close(): Promise<void> {}
}
