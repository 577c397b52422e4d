// The real QaService over the real plan corpus, with its index built once per test file in a
// temporary folder. Channel tests use it so that what they check is what users get.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { runIngest } from "../../src/ingest/run-ingest.js";
import { Qa } from "../../src/qa.js";

export const PLAN_CORPUS = path.resolve(import.meta.dirname, "../../corpus");
export const PLAN_DOC = "beijing-fintech-development-plan-2018-2022.txt";

let cached: Promise<Qa> | undefined;

export function planQa(): Promise<Qa> {
  cached ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-planqa-"));
    const config = loadConfig({ CORPUS_DIR: PLAN_CORPUS, INDEX_DIR: path.join(dir, "index"), DATA_DIR: dir, EMBED_WORKERS: "0" }, dir);
    await runIngest(config, { quiet: true });
    return Qa.open(config);
  })();
  return cached;
}
