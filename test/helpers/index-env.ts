// Where spawned planbot processes find their index, decided in one place: the environment
// variables a test hands to every replica. By default the plan corpus in Postgres with pgvector
// (a native server started here, or PGlite): replicas share it and keep nothing on local disk — their
// CORPUS_DIR and INDEX_DIR point at folders that do not exist. `hnsw` gives an index folder.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { runIngest } from "../../src/ingest/run-ingest.js";
import { startTestPg } from "./pg-server.js";
import { PLAN_CORPUS, type TestStore } from "./plan-qa.js";

export interface IndexEnv {
  /** The index settings for a replica's environment. */
  env: Record<string, string>;
  /** Whether a replica wrote anything where a local index or corpus would be. */
  touchedLocalDisk(): boolean;
  /** Removes the index (the test's afterAll: one registered inside beforeAll would never run). */
  remove(): Promise<void>;
}

/** The plan corpus's index, built and ready to open (no replica builds it at start). */
export async function planIndexEnv(store: TestStore = "pgvector"): Promise<IndexEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-index-"));
  if (store === "hnsw") {
    const env = { CORPUS_DIR: PLAN_CORPUS, INDEX_DIR: path.join(dir, "index"), DATA_DIR: dir };
    await runIngest(loadConfig({ ...env, EMBED_WORKERS: "0" }, dir), { quiet: true });
    return { env, touchedLocalDisk: () => true, remove: () => rm(dir, { recursive: true, force: true }) };
  }
  const pg = await startTestPg({ maxConnections: 4 }); // PGlite: one per replica, and spares
  await runIngest(loadConfig({ CORPUS_DIR: PLAN_CORPUS, VECTOR_STORE: "pgvector", PG_URL: pg.url, EMBED_WORKERS: "0" }, dir), { quiet: true });
  const local = { CORPUS_DIR: path.join(dir, "no-corpus"), INDEX_DIR: path.join(dir, "no-index") };
  return {
    env: { VECTOR_STORE: "pgvector", PG_URL: pg.url, DATA_DIR: dir, ...local },
    touchedLocalDisk: () => existsSync(local.CORPUS_DIR) || existsSync(local.INDEX_DIR),
    remove: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
