// One connection pool per Postgres URL for the whole process, shared by every store and index
// that uses it. An ingest followed by opening the index (npm start on an empty database) then
// reuses the same connection instead of closing one and opening another at once, which a
// server that takes a single connection (PGlite's) may refuse while it tidies up the first.
import pg from "pg";
import { DEFAULT_HNSW } from "../manifest.js";

const pools = new Map<string, pg.Pool>();

export function sharedPool(url: string, max: number): pg.Pool {
  const key = `${max} ${url}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max,
      connectionTimeoutMillis: 10_000,
      // Idle connections close after 10 s and never keep the process alive.
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      // pgvector returns at most ef_search rows from its HNSW index; the shipped efSearch is set
      // at connection start-up, so that no extra query runs per connection (servers that ignore
      // start-up options keep pgvector's default of 40, still above the 30 candidates asked for).
      options: `-c hnsw.ef_search=${DEFAULT_HNSW.efSearch}`,
    });
    // An idle connection that drops must not crash the process; the next query reports it.
    pool.on("error", () => undefined);
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool (for a clean exit; idle pools do not hold the process open anyway). */
export async function closeSharedPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => undefined)));
}
