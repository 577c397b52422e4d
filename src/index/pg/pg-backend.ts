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
    // Only the query's lexemes of each matching row are unnested (marked with weight A, then
    // kept): unnesting whole rows cost 6x more at 100k chunks.
    const r = await retryingRead(() =>
      this.o.pool.query(
        `WITH q(term, w) AS (SELECT * FROM unnest($1::text[], $2::float8[]))
         SELECT c.i, SUM(q.w * cardinality(u.positions) * ($5::float8 + 1)
                    / (cardinality(u.positions) + $5::float8 * (1 - $6::float8 + $6::float8 * c.len / $7::float8))) AS score
         FROM ${this.o.table} c CROSS JOIN LATERAL unnest(ts_filter(setweight(c.tsv, 'A', $1::text[]), '{a}')) u JOIN q ON q.term = u.lexeme
         WHERE c.tsv @@ $3::tsquery
         GROUP BY c.i ORDER BY score DESC, c.i ASC LIMIT $4`,
        [known.map((q) => q.term), known.map((q) => bm25Idf(this.o.chunks, this.docFreq(q.term)) * q.weight), anyOf(known.map((q) => q.term)), k, k1, b, avgdl || 1],
      ),
    );
    return r.rows.map((row: { i: number; score: number }) => ({ index: row.i, score: Number(row.score) }));
  }

  docFreq(term: string): number {
    return this.o.docFreq.get(term) ?? 0;
  }

  /** The pool is the process's (pools.ts): idle connections close by themselves. */
  async close(): Promise<void> {}
}
