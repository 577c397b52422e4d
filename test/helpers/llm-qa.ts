// The real QaService over the real plan corpus, configured with a language model (and maybe
// remote embeddings) that point at the provider stand-ins on 127.0.0.1. The index is built by
// the real ingest in a temporary folder; every log line is captured.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { runIngest } from "../../src/ingest/run-ingest.js";
import { createLogger } from "../../src/log.js";
import { Qa } from "../../src/qa.js";
import { PLAN_CORPUS } from "./plan-qa.js";

export { PLAN_CORPUS, PLAN_DOC } from "./plan-qa.js";

export interface PlanIndex {
  dir: string;
  indexDir: string;
  /** The environment the index was built with (corpus, index, embeddings). */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** Builds the plan corpus's index with the given embeddings settings. */
export async function buildPlanIndex(env: Record<string, string> = {}): Promise<PlanIndex> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-llm-"));
  const base = { CORPUS_DIR: PLAN_CORPUS, INDEX_DIR: path.join(dir, "index"), DATA_DIR: dir, EMBED_WORKERS: "0", ...env };
  await runIngest(loadConfig(base, dir), { quiet: true });
  return { dir, indexDir: base.INDEX_DIR, env: base, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface LlmQa {
  qa: Qa;
  config: Config;
  /** Every line the service logged (its logger is NOT told any secret: nothing may need it). */
  logs: string[];
}

/** Opens the real service over `index` with more settings (LLM, OPENAI_*, OLLAMA_*, LLM_TIMEOUT_MS). */
export async function openLlmQa(index: PlanIndex, env: Record<string, string>): Promise<LlmQa> {
  const config = loadConfig({ ...index.env, ...env }, index.dir);
  const logs: string[] = [];
  const log = createLogger({ level: "debug", json: true, secrets: [], write: (l) => logs.push(l) });
  const qa = await Qa.open(config, undefined, { log });
  return { qa, config, logs };
}
