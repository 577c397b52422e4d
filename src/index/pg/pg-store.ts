// The index in Postgres with pgvector (VECTOR_STORE=pgvector): built and searched through
// LangChain's PGVectorStore, the lexical side in Postgres full-text search on the same rows.
// Incremental like the folder (vectors of unchanged text are read back, never re-embedded)
// and atomic: a new chunk table is filled beside the current one and a one-row pointer is
// switched in one transaction, so readers see the old version or the new one, never a mix.
import { randomUUID } from "node:crypto";
import { PGVectorStore } from "@langchain/community/vectorstores/pgvector";
import { Document } from "@langchain/core/documents";
import type pg from "pg";
import type { PgSettings } from "../../config.js";
import type { IdentifiedEmbeddings } from "../../embeddings/types.js";
import { lexicalText } from "../../text/lexical-text.js";
import type { Chunk } from "../../types.js";
import { checkModel, LoadedIndex } from "../loaded-index.js";
import { checkManifest, IndexUnavailableError, type Manifest } from "../manifest.js";
import type { IndexContents, IndexStore, PreviousIndex } from "../store.js";
import { takeLease, type Lease } from "./ingest-lease.js";
import { PgBackend } from "./pg-backend.js";
import { sharedPool, useEfSearch, withoutStatementTimeout } from "./pools.js";
import { ensureSchema, isMissingTable, tableNames, type TableNames } from "./schema.js";
import { postingsTable, readLengths, writePostings } from "./postings.js";
import { lexicalRow } from "./tsvector.js";

const CURRENT = "current";
/** Rows per INSERT/UPDATE statement while writing a version. */
const WRITE_BATCH = 500;

interface VersionRow {
  version: string;
  chunk_table: string;
  manifest: string;
  documents: string;
  chunks: string;
  k1: number;
  b: number;
  avgdl: number;
}

type StoredChunk = Omit<Chunk, "text">;

export class PgStore implements IndexStore {
  readonly where: string;
  private readonly t: TableNames;
  private lease?: Lease;

  constructor(
    private readonly url: string,
    prefix: string,
    /** Pool size (detected when not given) and statement timeout. */
    private readonly settings: PgSettings = { statementTimeoutMs: 10_000 },
  ) {
    this.t = tableNames(prefix);
    this.where = `${describeUrl(url)} (tables ${prefix}_*)`;
  }

  private get pool(): pg.Pool {
    return sharedPool(this.url, this.settings);
  }

  async lock(): Promise<() => Promise<void>> {
    await this.guard(() => ensureSchema(this.pool, this.t));
    const lease = await this.guard(() => takeLease(this.pool, this.t.locks, "ingest", this.where));
    this.lease = lease;
    return async () => {
      this.lease = undefined;
      await lease.release();
    };
  }

  async manifest(): Promise<Manifest | undefined> {
    const row = await this.currentRow("manifest");
    return row ? parseManifest(row.manifest, this.where) : undefined;
  }

  async previous(): Promise<PreviousIndex | undefined> {
    const row = await this.currentRow("*").catch(() => undefined);
    if (!row) return undefined;
    try {
      const { manifest, documents, chunks } = parseVersion(row, this.where);
      const dims = manifest.embedding.dims;
      const vectors = new Float32Array(chunks.length * dims);
      const r = await withoutStatementTimeout(this.pool, (c) => c.query(`SELECT i, embedding::text AS v FROM ${row.chunk_table}`));
      if (r.rowCount !== chunks.length) return undefined;
      for (const { i, v } of r.rows as Array<{ i: number; v: string }>) vectors.set(parseVector(v, dims), i * dims);
      return { manifest, documents, chunks, vectors };
    } catch {
      return undefined; // an unreadable version is rebuilt from scratch
    }
  }

  async intact(previous: PreviousIndex): Promise<boolean> {
    const row = await this.currentRow("chunk_table").catch(() => undefined);
    if (!row) return false;
    const table = row.chunk_table;
    try {
      const count = await this.pool.query(`SELECT count(*)::int AS n FROM ${table}`);
      const indexes = await this.pool.query(`SELECT indexname FROM pg_indexes WHERE tablename = $1`, [table]);
      const names = new Set(indexes.rows.map((r: { indexname: string }) => r.indexname));
      const postings = await this.pool.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [postingsTable(table)]);
      return count.rows[0].n === previous.manifest.chunkCount && names.has(hnswIndexName(table)) && names.has(`${table}_tsv`) && postings.rows[0].found;
    } catch {
      return false;
    }
  }

  async publish(contents: IndexContents, embeddings: IdentifiedEmbeddings, beforePublish?: (staged: string) => Promise<void>): Promise<void> {
    const lease = this.lease;
    if (!lease) throw new Error("publish() needs the ingest lock");
    const { manifest, documents, chunks, vectors, lexical } = contents;
    const bm25 = lexical.toJSON();
    const avgdl = bm25.docLengths.length ? bm25.docLengths.reduce((a, b) => a + b, 0) / bm25.docLengths.length : 0;
    const stored: StoredChunk[] = chunks.map(({ text: _text, ...rest }) => rest);
    const inserted = await this.guard(() =>
      this.pool.query(`INSERT INTO ${this.t.versions} (chunk_table, manifest, documents, chunks, k1, b, avgdl) VALUES ('', $1, $2, $3, $4, $5, $6) RETURNING version`, [
        JSON.stringify(manifest),
        JSON.stringify(Object.fromEntries(documents)),
        JSON.stringify(stored),
        bm25.k1,
        bm25.b,
        avgdl,
      ]),
    );
    const version = Number(inserted.rows[0].version);
    const table = this.t.chunks(version);
    const previous = await this.currentRow("chunk_table");
    try {
      await this.pool.query(`UPDATE ${this.t.versions} SET chunk_table = $1 WHERE version = $2`, [table, version]);
      await this.writeChunkTable(table, contents, embeddings);
      await beforePublish?.(table);
      await this.switchTo(version, lease.owner);
    } catch (err) {
      await this.dropVersion(version, table).catch(() => undefined);
      throw err;
    }
    await this.cleanup(previous ? Number(previous.version) : undefined);
  }

  async open(embeddings: IdentifiedEmbeddings): Promise<LoadedIndex> {
    const row = await this.currentRow("*");
    if (!row) throw new IndexUnavailableError(`No index in ${this.where}. Run \`npm run ingest\` to build it.`);
    const { manifest, documents, chunks } = parseVersion(row, this.where);
    checkModel(manifest.embedding, embeddings, this.where);
    const pool = this.pool;
    useEfSearch(pool, manifest.hnsw.efSearch);
    try {
      const table = row.chunk_table;
      // A version written before postings tables (of this layout) existed is searched through its tsvectors.
      const found = await pool.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [postingsTable(table)]);
      const { stats, lengths } = await withoutStatementTimeout(pool, async (c) => ({
        stats: await c.query(`SELECT word, ndoc FROM ts_stat('SELECT tsv FROM ${table}')`),
        lengths: found.rows[0].found ? await readLengths(c, table) : undefined,
      }));
      const docFreq = new Map<string, number>(stats.rows.map((r: { word: string; ndoc: number }) => [r.word, Number(r.ndoc)]));
      const store = new PGVectorStore(embeddings, { pool, tableName: table, distanceStrategy: "cosine", skipInitializationCheck: true });
      const backend = new PgBackend({ pool, store, table, lengths, chunks: chunks.length, docFreq, k1: row.k1, b: row.b, avgdl: row.avgdl });
      return new LoadedIndex(`${this.where} version ${row.version}`, manifest, documents, chunks, backend);
    } catch (err) {
      if (isMissingTable(err)) {
        throw new IndexUnavailableError(`The index in ${this.where} is damaged (its chunk table is gone). Run \`npm run ingest\` to rebuild it.`);
      }
      throw this.unavailable(err);
    }
  }

  /** The process-wide pool stays for the next store or index (see pools.ts). */
  async close(): Promise<void> {}

  /** Fills a new chunk table: PGVectorStore's rows, then our columns, then the three indexes. */
  private async writeChunkTable(table: string, contents: IndexContents, embeddings: IdentifiedEmbeddings): Promise<void> {
    const { manifest, chunks, vectors } = contents;
    const dims = manifest.embedding.dims;
    const store = new PGVectorStore(embeddings, { pool: this.pool, tableName: table, distanceStrategy: "cosine", chunkSize: WRITE_BATCH });
    await store.ensureTableInDatabase(dims);
    await this.pool.query(`ALTER TABLE ${table} ADD COLUMN i int, ADD COLUMN len int, ADD COLUMN tsv tsvector`);
    const ids = chunks.map(() => randomUUID());
    for (let from = 0; from < chunks.length; from += WRITE_BATCH) {
      const part = chunks.slice(from, from + WRITE_BATCH);
      await store.addVectors(
        part.map((_, k) => Array.from(vectors.subarray((from + k) * dims, (from + k + 1) * dims))),
        part.map((c, k) => new Document({ pageContent: c.text, metadata: { i: from + k, id: c.id, source: c.source, start: c.start, end: c.end } })),
        { ids: ids.slice(from, from + WRITE_BATCH) },
      );
      const rows = part.map((c) => lexicalRow(lexicalText(c)));
      await this.pool.query(
        `UPDATE ${table} AS c SET i = v.i, len = v.len, tsv = v.tsv::tsvector
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[]) AS v(id, i, len, tsv) WHERE c.id = v.id`,
        [ids.slice(from, from + WRITE_BATCH), part.map((_, k) => from + k), rows.map((r) => r.len), rows.map((r) => r.tsv)],
      );
    }
    // Index builds take minutes on a large corpus: no statement timeout. The HNSW index is the
    // one PGVectorStore.createHnswIndex makes (same name, so intact() finds it), built here so
    // that an error is thrown rather than logged.
    const { M, efConstruction } = manifest.hnsw;
    await withoutStatementTimeout(this.pool, async (c) => {
      await c.query(`CREATE UNIQUE INDEX ${table}_i ON ${table} (i)`);
      await c.query(`CREATE INDEX ${table}_tsv ON ${table} USING gin (tsv)`);
      await writePostings(c, table, contents.lexical.toJSON());
      await c.query(
        `CREATE INDEX ${hnswIndexName(table)} ON ${table} USING hnsw ((embedding::vector(${Math.trunc(dims)})) vector_cosine_ops)
         WITH (m = ${Math.trunc(M)}, ef_construction = ${Math.trunc(efConstruction)})`,
      );
    });
  }

  /** The one atomic step: the pointer moves to `version`, only while this ingest still holds the lock. */
  private async switchTo(version: number, owner: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const held = await client.query(`SELECT 1 FROM ${this.t.locks} WHERE name = 'ingest' AND owner = $1 FOR UPDATE`, [owner]);
      if (held.rowCount === 0) throw new Error("the ingest lock was lost (its lease ran out while writing); nothing was published");
      await client.query(`INSERT INTO ${this.t.current} (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version`, [CURRENT, version]);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Keeps the current version and the one it replaced (readers may still use it); drops the
   * rest, including versions left half-written by killed ingests.
   */
  private async cleanup(replaced: number | undefined): Promise<void> {
    const r = await this.pool.query(
      `SELECT version, chunk_table FROM ${this.t.versions}
       WHERE version NOT IN (SELECT version FROM ${this.t.current}) AND version <> $1`,
      [replaced ?? -1],
    );
    for (const row of r.rows as Array<{ version: string; chunk_table: string }>) await this.dropVersion(Number(row.version), row.chunk_table);
  }

  private async dropVersion(version: number, table: string): Promise<void> {
    // <table>_terms: the postings of versions written by an earlier planbot (a row per posting).
    if (table) await this.pool.query(`DROP TABLE IF EXISTS ${table}, ${postingsTable(table)}, ${table}_terms`);
    await this.pool.query(`DELETE FROM ${this.t.versions} WHERE version = $1`, [version]);
  }

  private async currentRow(columns: "*" | "manifest" | "chunk_table"): Promise<VersionRow | undefined> {
    const cols = columns === "*" ? "v.*" : `v.version, v.${columns}`;
    try {
      const r = await this.pool.query(`SELECT ${cols} FROM ${this.t.current} c JOIN ${this.t.versions} v ON v.version = c.version WHERE c.name = $1`, [CURRENT]);
      return r.rows[0] as VersionRow | undefined;
    } catch (err) {
      if (isMissingTable(err)) return undefined;
      throw this.unavailable(err);
    }
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /** A connection or server error as one line naming the server, never the password. */
  private unavailable(err: unknown): Error {
    if (err instanceof IndexUnavailableError || !(err instanceof Error)) return err as Error;
    const code = (err as { code?: string }).code;
    if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|28P01|28000|3D000)$/.test(code)) {
      return new IndexUnavailableError(`Cannot reach the index in ${this.where}: ${redact(err.message, this.url)}. Check PG_URL and that the server is running.`);
    }
    if (/timeout|terminated|Connection/i.test(err.message)) {
      return new IndexUnavailableError(`Lost the connection to ${this.where}: ${redact(err.message, this.url)}. Check PG_URL and that the server is running.`);
    }
    err.message = redact(err.message, this.url);
    return err;
  }
}

function hnswIndexName(table: string): string {
  return `${table}_embedding_embedding_hnsw_idx`;
}

function parseVersion(row: VersionRow, where: string): { manifest: Manifest; documents: Map<string, string>; chunks: Chunk[] } {
  const broken = (what: string) => new IndexUnavailableError(`The index in ${where} is damaged (${what}). Run \`npm run ingest\` to rebuild it.`);
  const manifest = parseManifest(row.manifest, where);
  let documents: Map<string, string>;
  let stored: StoredChunk[];
  try {
    documents = new Map(Object.entries(JSON.parse(row.documents) as Record<string, string>));
    stored = JSON.parse(row.chunks) as StoredChunk[];
  } catch {
    throw broken("its documents or chunk list are unreadable");
  }
  if (!Array.isArray(stored) || stored.length !== manifest.chunkCount) throw broken("chunk list does not match the manifest");
  const chunks = stored.map((c) => {
    const text = documents.get(c.source)?.slice(c.start, c.end);
    if (text === undefined || text.length !== c.end - c.start) throw broken(`chunk ${c.id} points outside ${c.source}`);
    return { ...c, text };
  });
  return { manifest, documents, chunks };
}

function parseManifest(text: string, where: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new IndexUnavailableError(`The index manifest in ${where} is unreadable. Run \`npm run ingest\` to rebuild it.`);
  }
  return checkManifest(raw, where);
}

/** pgvector's text form "[0.1,-0.2,…]". */
function parseVector(text: string, dims: number): Float32Array {
  const v = Float32Array.from(text.slice(1, -1).split(","), Number);
  if (v.length !== dims) throw new Error("vector size");
  return v;
}

/** postgres://user@host:port/db, without the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ""}${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "the Postgres server in PG_URL";
  }
}

function redact(message: string, url: string): string {
  let out = message.split(url).join(describeUrl(url));
  try {
    const pw = decodeURIComponent(new URL(url).password);
    if (pw) out = out.split(pw).join("***");
  } catch {
    /* not a URL: nothing more to hide */
  }
  return out;
}
