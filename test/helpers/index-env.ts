// Where spawned planbot processes find their index, decided in one place: the environment
// variables a test hands to every replica. Today an index folder of the plan corpus, built once
// per test file; an index in Postgres (VECTOR_STORE=pgvector) can be returned from here later,
// and every multi-replica test then runs against it unchanged.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { runIngest } from "../../src/ingest/run-ingest.js";
import { PLAN_CORPUS } from "./plan-qa.js";

export interface IndexEnv {
  /** The index settings for a replica's environment. */
  env: Record<string, string>;
  /** Removes the index (the test's afterAll: one registered inside beforeAll would never run). */
  remove(): Promise<void>;
}

/** The plan corpus's index, built and ready to open (no replica builds it at start). */
export async function planIndexEnv(): Promise<IndexEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-index-"));
  const env = { CORPUS_DIR: PLAN_CORPUS, INDEX_DIR: path.join(dir, "index"), DATA_DIR: dir };
  await runIngest(loadConfig({ ...env, EMBED_WORKERS: "0" }, dir), { quiet: true });
  return { env, remove: () => rm(dir, { recursive: true, force: true }) };
}
