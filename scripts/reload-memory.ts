// Memory across live index reloads: `node --expose-gc scripts/launch.mjs scripts/reload-memory.ts
// [--corpus DIR] [--reloads N]` builds the corpus's index in a temporary folder (or pgvector with
// VECTOR_STORE/PG_URL set), serves it through LiveQa, then N times publishes a new version (a
// small note file rewritten: an incremental ingest, so a large corpus is not re-embedded each
// time), swaps it in, asks a question, collects garbage and prints RSS and heap.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { parseArgs, str } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { runIngestProcess } from "../src/ingest/ingest-process.js";
import { LiveQa } from "../src/live-qa.js";
import { createLogger } from "../src/log.js";

const mb = (n: number) => (n / 1048576).toFixed(1);

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2), { values: ["corpus", "reloads"], booleans: [] });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-reload-"));
  const corpus = path.join(dir, "corpus");
  await cp(path.resolve(str(flags, "corpus") ?? "corpus"), corpus, { recursive: true });
  // The ingests run in a child process, as npm start runs them: what is measured is the serving process.
  Object.assign(process.env, { CORPUS_DIR: corpus, INDEX_DIR: path.join(dir, "index"), DATA_DIR: dir, INDEX_RELOAD_MS: "0" });
  const config = loadConfig();
  const reloads = Number(str(flags, "reloads") ?? 20);
  try {
    await runIngestProcess(config);
    const qa = await LiveQa.open(config, { log: createLogger({ level: "warn" }) });
    const settle = async () => {
      await qa.ask("What is the plan's time frame?");
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 50));
      }
      return process.memoryUsage();
    };
    const base = await settle();
    console.log(`chunks ${qa.index.size}; after open: rss ${mb(base.rss)} MB, heap ${mb(base.heapUsed)} MB`);
    let last = base;
    for (let i = 1; i <= reloads; i++) {
      await writeFile(path.join(corpus, "reload-note.txt"), `Reload note number ${i}.\n`);
      await runIngestProcess(config);
      const before = qa.version;
      await qa.checkForNewVersion();
      if (qa.version === before) throw new Error(`reload ${i}: the version did not change`);
      last = await settle();
      console.log(
        `reload ${String(i).padStart(2)}: rss ${mb(last.rss)} MB (${sign(last.rss - base.rss)}), heap ${mb(last.heapUsed)} MB (${sign(last.heapUsed - base.heapUsed)}), external ${mb(last.external)} MB (${sign(last.external - base.external)})`,
      );
    }
    console.log(`after ${reloads} reloads: rss ${sign(last.rss - base.rss)} MB, heap ${sign(last.heapUsed - base.heapUsed)} MB`);
    await qa.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function sign(bytes: number): string {
  return `${bytes >= 0 ? "+" : ""}${mb(bytes)}`;
}

main().catch((err) => fail(err));
