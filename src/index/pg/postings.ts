// BM25's inverted index in Postgres: one row per term, <chunk table>_postings (term primary
// key, chunks and tfs as packed int32 arrays), written from the ingest's own postings. A question
// reads its terms' rows by key in one query (a few hundred kB even for a term most chunks
// hold, where a row per posting meant tens of thousands of rows to fetch and group) and ranks them
// with the folder store's BM25 code (bm25.ts), so both stores give the same scores to the last
// bit. The chunk lengths are read once when the index is opened.
import type pg from "pg";
import type { Bm25Data } from "../bm25.js";

/** Terms per INSERT while writing. */
const WRITE_BATCH = 2000;

export function postingsTable(table: string): string {
  return `${table}_postings`;
}

/** Written inside the caller's transaction, after the chunk table. */
export async function writePostings(client: pg.ClientBase, table: string, lexical: Bm25Data): Promise<void> {
  const name = postingsTable(table);
  // Stored uncompressed (EXTERNAL): packed integers barely compress, and reading skips the inflate.
  await client.query(`CREATE TABLE ${name} (term text PRIMARY KEY, chunks bytea NOT NULL, tfs bytea NOT NULL)`);
  await client.query(`ALTER TABLE ${name} ALTER COLUMN chunks SET STORAGE EXTERNAL, ALTER COLUMN tfs SET STORAGE EXTERNAL`);
  const entries = Object.entries(lexical.postings);
  for (let from = 0; from < entries.length; from += WRITE_BATCH) {
    const part = entries.slice(from, from + WRITE_BATCH);
    const packed = part.map(([, list]) => pack(list));
    await client.query(`INSERT INTO ${name} SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[])`, [part.map(([term]) => term), packed.map((p) => p.chunks), packed.map((p) => p.tfs)]);
  }
  await client.query(`ANALYZE ${name}`);
}

/** The postings of the given terms, as bm25.ts keeps them: term → [chunk, tf, chunk, tf, …]. */
export async function readPostings(pool: pg.Pool, table: string, terms: string[]): Promise<Map<string, number[]>> {
  const name = postingsTable(table);
  // Not a named prepared statement: PGlite's one backend serves every connection, and a name
  // prepared by one process collides with the next's. Planning a primary-key lookup is cheap.
  const r = await pool.query<{ term: string; chunks: Buffer; tfs: Buffer }>(`SELECT term, chunks, tfs FROM ${name} WHERE term = ANY($1::text[])`, [terms]);
  return new Map(r.rows.map((row) => [row.term, unpack(row.chunks, row.tfs)]));
}

/** Each chunk's BM25 length, by chunk index. */
export async function readLengths(client: pg.ClientBase, table: string): Promise<number[]> {
  const r = await client.query<{ lengths: Buffer | null }>(`SELECT string_agg(int4send(len), ''::bytea ORDER BY i) AS lengths FROM ${table}`);
  const buf = r.rows[0]?.lengths;
  if (!buf) return [];
  return Array.from({ length: buf.length / 4 }, (_, k) => buf.readInt32BE(k * 4));
}

function pack(list: number[]): { chunks: Buffer; tfs: Buffer } {
  const n = list.length / 2;
  const chunks = Buffer.alloc(n * 4);
  const tfs = Buffer.alloc(n * 4);
  for (let k = 0; k < n; k++) {
    chunks.writeInt32LE(list[2 * k]!, k * 4);
    tfs.writeInt32LE(list[2 * k + 1]!, k * 4);
  }
  return { chunks, tfs };
}

function unpack(chunks: Buffer, tfs: Buffer): number[] {
  // Copied into aligned arrays (a Buffer may start at any byte), little-endian as packed.
  const c = new Int32Array(Uint8Array.from(chunks).buffer);
  const t = new Int32Array(Uint8Array.from(tfs).buffer);
  const list = new Array<number>(2 * c.length);
  for (let k = 0; k < c.length; k++) {
    list[2 * k] = c[k]!;
    list[2 * k + 1] = t[k]!;
  }
  return list;
}
