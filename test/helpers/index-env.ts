// Where spawned planbot processes find their index, decided in one place: the environment
// variables a test hands to every replica. Today an index folder of the plan corpus, built once
// per test file; an index in Postgres (VECTOR_STORE=pgvector) can be returned from here later,
// and every multi-replica test then runs against it unchanged.
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { runIngest } from "../../src/ingest/run-ingest.js";
import { PLAN_CORPUS } from "./plan-qa.js";
import { tempDir } from "./tmp.js";

/** The index settings of the plan corpus, built and ready to open (no replica builds it at start). */
export async function planIndexEnv(): Promise<Record<string, string>> {
  const dir = await tempDir("planbot-index-");
  const env = { CORPUS_DIR: PLAN_CORPUS, INDEX_DIR: path.join(dir, "index"), DATA_DIR: dir };
  await runIngest(loadConfig({ ...env, EMBED_WORKERS: "0" }, dir), { quiet: true });
  return env;
}
