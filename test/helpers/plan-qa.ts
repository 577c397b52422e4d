// The real QaService over the real plan corpus, with its index built once per test file in a
// temporary folder. Channel tests use it so that what they check is what users get.
// With PLANBOT_TEST_STORE=pgvector (the "pgvector" test project in vitest.config.ts) the index
// lives in a Postgres + pgvector server started for the test file instead (native, or PGlite).
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { runIngest } from "../../src/ingest/run-ingest.js";
import { Qa } from "../../src/qa.js";
import { startPgServer } from "./pg-server.js";

export const PLAN_CORPUS = path.resolve(import.meta.dirname, "../../corpus");
export const PLAN_DOC = "beijing-fintech-development-plan-2018-2022.txt";

export type TestStore = "hnsw" | "pgvector";

/** The store the test project runs against. */
export const TEST_STORE: TestStore = process.env.PLANBOT_TEST_STORE === "pgvector" ? "pgvector" : "hnsw";

/** Environment variables that put a planbot process on `store` (a new empty database for pgvector). */
export async function storeEnv(store: TestStore, dir: string): Promise<Record<string, string>> {
  if (store === "hnsw") return { INDEX_DIR: path.join(dir, "index") };
  const pg = await startPgServer();
  return { VECTOR_STORE: "pgvector", PG_URL: pg.url };
}

/** A configuration over the plan corpus with its index built, on `store`. */
export function planConfig(store: TestStore = TEST_STORE): Promise<Config> {
  return corpusConfig(PLAN_CORPUS, store);
}

/** A configuration over a corpus folder with its index built, on `store`. */
export async function corpusConfig(corpus: string, store: TestStore = TEST_STORE): Promise<Config> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-planqa-"));
  const env = { CORPUS_DIR: corpus, DATA_DIR: dir, EMBED_WORKERS: "0", ...(await storeEnv(store, dir)) };
  const config = loadConfig(env, dir);
  await runIngest(config, { quiet: true });
  return config;
}

/** The real service over another corpus (its index built for the caller, who closes it). */
export async function corpusQa(corpusDir: string, store: TestStore = TEST_STORE): Promise<Qa> {
  return Qa.open(await corpusConfig(corpusDir, store));
}

const cached = new Map<TestStore, Promise<Qa>>();

export function planQa(store: TestStore = TEST_STORE): Promise<Qa> {
  let qa = cached.get(store);
  if (!qa) {
    qa = planConfig(store).then((config) => Qa.open(config));
    cached.set(store, qa);
  }
  return qa;
}
