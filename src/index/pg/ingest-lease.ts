// The ingest lock in Postgres: a row with an owner and an expiry, renewed while the ingest
// runs. A killed ingest's lease simply runs out. (Advisory locks would be simpler, but
// servers that multiplex one session, like the PGlite test server, share them between clients.)
import { randomUUID } from "node:crypto";
import os from "node:os";
import type pg from "pg";
import { IndexLockedError } from "../store.js";

const LEASE_MS = 30_000;

export interface Lease {
  /** Who holds it: host, pid and a random part. */
  owner: string;
  release(): Promise<void>;
}

export async function takeLease(pool: pg.Pool, table: string, name: string, where: string): Promise<Lease> {
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const taken = await pool.query(
    `INSERT INTO ${table} (name, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
     WHERE ${table}.expires_at < now()
     RETURNING owner`,
    [name, owner, LEASE_MS],
  );
  if (taken.rowCount === 0) {
    const held = await pool.query(`SELECT owner, expires_at FROM ${table} WHERE name = $1`, [name]);
    const row = held.rows[0] as { owner: string; expires_at: Date } | undefined;
    throw new IndexLockedError(
      `another ingest (${row?.owner ?? "unknown"}) is updating ${where}; wait for it to finish` + (row ? ` (its lease runs out at ${row.expires_at.toISOString()} if it died)` : ""),
    );
  }
  const renew = setInterval(() => {
    pool.query(`UPDATE ${table} SET expires_at = now() + $3 * interval '1 millisecond' WHERE name = $1 AND owner = $2`, [name, owner, LEASE_MS]).catch(() => undefined); // a failed renewal shows as a lost lease at publish
  }, LEASE_MS / 3);
  renew.unref();
  return {
    owner,
    release: async () => {
      clearInterval(renew);
      await pool.query(`DELETE FROM ${table} WHERE name = $1 AND owner = $2`, [name, owner]).catch(() => undefined);
    },
  };
}
