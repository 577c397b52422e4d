// One connection pool per Postgres URL for the whole process, shared by every store and index
// that uses it. An ingest followed by opening the index (npm start on an empty database) then
// reuses the same connection instead of closing one and opening another at once, which a
// server that takes a single connection (PGlite's) may refuse while it tidies up the first.
import pg from "pg";
import type { PgSettings } from "../../config.js";
import { DEFAULT_HNSW } from "../manifest.js";

/** Connections per process on a real server when PG_POOL_MAX is not set: room for concurrent questions. */
export const DEFAULT_POOL_MAX = 10;

const pools = new Map<string, pg.Pool>();
/** The ef_search of the index each pool serves (its manifest's), set on every new connection. */
const efSearch = new WeakMap<pg.Pool, number>();

export function sharedPool(url: string, settings: PgSettings): pg.Pool {
  const key = `${settings.poolMax ?? "auto"} ${settings.statementTimeoutMs} ${url}`;
  let pool = pools.get(key);
  if (!pool) {
    // TLS (sslmode, sslrootcert, …) comes from the URL itself, read by node-postgres.
    let probed = settings.poolMax !== undefined;
    const p: pg.Pool = new pg.Pool({
      connectionString: url,
      // Not configured: one connection until the server is known (PGlite accepts one).
      max: settings.poolMax ?? 1,
      connectionTimeoutMillis: 10_000,
      // Idle connections close after 10 s and never keep the process alive.
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      // Per session, before the pool hands the connection out, as plain SETs rather than start-up
      // options (which poolers such as PgBouncer refuse): again on every new connection, so also
      // after the server restarted. pgvector returns at most ef_search rows from its HNSW index.
      onConnect: async (client) => {
        await client.query(`SET statement_timeout = ${Math.trunc(settings.statementTimeoutMs)}; SET hnsw.ef_search = ${efSearch.get(p) ?? DEFAULT_HNSW.efSearch}`);
        if (probed) return;
        const r = await client.query("SELECT version() AS v");
        if (!isPglite(String(r.rows[0]?.v))) p.options.max = DEFAULT_POOL_MAX;
        probed = true;
      },
    });
    // An idle connection that drops must not crash the process; the next query reports it.
    p.on("error", () => undefined);
    pools.set(key, p);
    pool = p;
  }
  return pool;
}

/** PGlite (Postgres compiled to WASM) serves one connection at a time. */
function isPglite(version: string): boolean {
  return /PGlite|emscripten|wasm32/i.test(version);
}

/**
 * The opened index's ef_search (from its manifest) for the pool's sessions: set on every
 * connection the pool opens from now on. (Connections opened before keep the value they were
 * given, the shipped one unless an index was built with other settings.)
 */
export function useEfSearch(pool: pg.Pool, value: number): void {
  efSearch.set(pool, value);
}

/**
 * Runs `fn` on one connection inside a transaction without the statement timeout: index builds
 * and whole-table reads of an ingest or of opening an index may take minutes on a large corpus.
 */
export async function withoutStatementTimeout<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL statement_timeout = 0");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Closes every pool (for a clean exit; idle pools do not hold the process open anyway). */
export async function closeSharedPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => undefined)));
}
