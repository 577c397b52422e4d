// Table names and DDL of a planbot index in Postgres. Each ingest writes a new chunk table
// (PGVectorStore's columns plus i, len and tsv), its BM25 postings table <chunk table>_postings
// (a row per term: postings.ts) and a row in <prefix>_versions; one row in
// <prefix>_current names the version readers open, switched in one transaction.
import type pg from "pg";

/** Prefixes are validated in config.ts; checked again here because they reach SQL text. */
export function checkPrefix(prefix: string): string {
  if (!/^[a-z_][a-z0-9_]{0,39}$/.test(prefix)) throw new Error(`invalid table prefix "${prefix}"`);
  return prefix;
}

export interface TableNames {
  versions: string;
  current: string;
  locks: string;
  chunks: (version: number) => string;
}

export function tableNames(prefix: string): TableNames {
  const p = checkPrefix(prefix);
  return {
    versions: `${p}_versions`,
    current: `${p}_current`,
    locks: `${p}_locks`,
    chunks: (version) => `${p}_chunks_v${Math.trunc(version)}`,
  };
}

/** The bookkeeping tables; the chunk tables are made by each ingest. */
export async function ensureSchema(pool: pg.Pool, t: TableNames): Promise<void> {
  await pool.query(`
    CREATE EXTENSION IF NOT EXISTS vector;
    CREATE TABLE IF NOT EXISTS ${t.versions} (
      version bigserial PRIMARY KEY,
      chunk_table text NOT NULL,
      -- JSON as text: jsonb reorders keys (the ingest compares settings as written) and
      -- refuses a NUL character, which a document may hold.
      manifest text NOT NULL,
      documents text NOT NULL,
      chunks text NOT NULL,
      k1 double precision NOT NULL,
      b double precision NOT NULL,
      avgdl double precision NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS ${t.current} (
      name text PRIMARY KEY,
      version bigint NOT NULL REFERENCES ${t.versions}(version)
    );
    CREATE TABLE IF NOT EXISTS ${t.locks} (
      name text PRIMARY KEY,
      owner text NOT NULL,
      expires_at timestamptz NOT NULL
    );
  `);
}

/** Postgres's "relation does not exist": no index was ever written with this prefix. */
export function isMissingTable(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === "42P01";
}
