// A fresh, empty PGlite + pgvector server for one test file, stopped after it.
import { afterAll } from "vitest";
import { startPglite, type PgliteProcess } from "../../src/bench/pglite-process.js";

export type PgServer = PgliteProcess;

export async function startPgServer(): Promise<PgServer> {
  const server = await startPglite();
  afterAll(server.stop);
  return server;
}
