// The version Postgres's pointer row names now (one indexed read, cheap enough to poll).
import type { PgSettings } from "../../config.js";
import { sharedPool } from "./pools.js";
import { isMissingTable, tableNames } from "./schema.js";

export async function pgPublishedVersion(url: string, prefix: string, settings: PgSettings): Promise<string | undefined> {
  const t = tableNames(prefix);
  try {
    const r = await sharedPool(url, settings).query(`SELECT version FROM ${t.current} WHERE name = 'current'`);
    const row = r.rows[0] as { version: string | number } | undefined;
    return row === undefined ? undefined : String(row.version);
  } catch (err) {
    if (isMissingTable(err)) return undefined;
    throw err;
  }
}
