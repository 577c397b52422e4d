// A fresh, empty PGlite + pgvector server for one test file, stopped after it.
import { afterAll } from "vitest";
import { startPglite, type PgliteProcess } from "../../src/bench/pglite-process.js";

export type PgServer = PgliteProcess;

/** One connection unless said otherwise: planbot must work within PGlite's default. */
export async function startPgServer(opts: { maxConnections?: number } = {}): Promise<PgServer> {
  const server = await startPglite(opts);
  afterAll(server.stop);
  return server;
}
