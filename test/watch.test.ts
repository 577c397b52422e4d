// Watch mode: a change under the corpus folder is ingested after a quiet moment, one ingest at a
// time; with two watchers on one Postgres index (two replicas) only one ingests a change, the
// other finds the lease taken and later the index up to date. And `npm run ingest -- --watch`.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { IngestRunner } from "../src/ingest/ingest-runner.js";
import { runIngest } from "../src/ingest/run-ingest.js";
import { watchCorpus } from "../src/ingest/watch.js";
import { createIndexStore } from "../src/index/store-factory.js";
import { createLogger } from "../src/log.js";
import { startPgServer } from "./helpers/pg-server.js";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import { childEnv, projectCommand, ROOT } from "./helpers/run.js";

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("watchCorpus with two replicas on one Postgres index", async () => {
  const pg = await startPgServer({ maxConnections: 6 });
  it("a burst of changes is ingested by one replica; the other finds the lease taken, then the index up to date", async () => {
    const { root, corpus } = await corpusWithPlan();
    const config = loadConfig({ CORPUS_DIR: corpus, DATA_DIR: root, EMBED_WORKERS: "0", VECTOR_STORE: "pgvector", PG_URL: pg.url }, root);
    await runIngest(config, { quiet: true });
    const logs: string[][] = [[], []];
    let running = 0;
    const ingests: number[] = [0, 0];
    const watches = [0, 1].map((r) => {
      const runner = new IngestRunner(async (opts) => {
        running++;
        ingests[r]!++;
        try {
          return await runIngest(config, { quiet: true, force: opts.force });
        } finally {
          running--;
        }
      });
      return watchCorpus({ corpusDir: corpus, runner, log: createLogger({ json: true, write: (l) => void logs[r]!.push(l) }), debounceMs: 200, retryMs: 300 });
    });
    // A burst of writes: each replica debounces them into one ingest.
    for (let i = 0; i < 5; i++) await writeFile(path.join(corpus, `note-${i}.txt`), `Note ${i}: the review board meets on day ${i + 10}.\n`);
    const store = await createIndexStore(config);
    await until("the notes in the index", async () => Object.keys((await store.manifest())?.files ?? {}).length === 6);
    await until("both replicas settled", () => logs.flat().some((l) => l.includes("another process is ingesting")) && ingests.every((n) => n >= 1) && running === 0, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    for (const w of watches) w.close();
    await store.close();
    const all = logs.flat().join("\n");
    // One replica built the new version; the other was refused the lease, then found it up to date.
    expect(all.match(/corpus changed: Indexed: 6 documents/g)).toHaveLength(1);
    expect(all).toContain("another process is ingesting");
    expect(ingests[0]! + ingests[1]!).toBeLessThanOrEqual(4);
  }, 120_000);
});

describe("npm run ingest -- --watch", () => {
  it("ingests at start, then each change, until stopped", async () => {
    const { corpus, index } = await corpusWithPlan();
    const [cmd, args] = projectCommand("scripts/ingest.ts", ["--watch"]);
    const child = spawn(cmd, args, { cwd: ROOT, env: childEnv({ CORPUS_DIR: corpus, INDEX_DIR: index }) });
    afterAll(() => void child.kill("SIGKILL"));
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    await until("the first ingest", () => /Indexed: 1 document/.test(err), 120_000);
    await until("the watcher", () => err.includes("watching"));
    await writeFile(path.join(corpus, "added.md"), "# Added\n\nA new document about the review board.\n");
    await until("the change ingested", () => /corpus changed: Indexed: 2 documents/.test(err), 60_000);
    child.kill("SIGINT");
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(0);
  }, 240_000);
});

describe("configuration", () => {
  it("WATCH_CORPUS=0 turns watching off; INDEX_RELOAD_MS and admin lists are read in config.ts", () => {
    expect(loadConfig({}, "/tmp")).toMatchObject({ watchCorpus: true, indexReloadMs: 1000, admins: { telegram: [], slack: [] }, uploadMaxBytes: 20 * 1024 * 1024 });
    expect(loadConfig({ WATCH_CORPUS: "0", INDEX_RELOAD_MS: "0", TELEGRAM_ADMINS: "1, 2", SLACK_ADMINS: "U1" }, "/tmp")).toMatchObject({
      watchCorpus: false,
      indexReloadMs: 0,
      admins: { telegram: ["1", "2"], slack: ["U1"] },
    });
    expect(() => loadConfig({ WATCH_CORPUS: "sometimes" }, "/tmp")).toThrow(/WATCH_CORPUS: expected one of/);
  });
});
