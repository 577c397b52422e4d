// LiveQa over a real index folder: a question that holds a version keeps it while a new one is
// swapped in; a published version that cannot be opened is logged and ignored.
import { mkdir, symlink, writeFile, rename } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../src/config.js";
import { runIngest } from "../src/ingest/run-ingest.js";
import { LiveQa } from "../src/live-qa.js";
import { createLogger } from "../src/log.js";
import { corpusWithPlan } from "./helpers/plan-corpus.js";

let config: Config;
let qa: LiveQa;
const logs: string[] = [];

beforeAll(async () => {
  const { root, corpus, index } = await corpusWithPlan();
  config = loadConfig({ CORPUS_DIR: corpus, INDEX_DIR: index, DATA_DIR: root, EMBED_WORKERS: "0", INDEX_RELOAD_MS: "0" }, root);
  await runIngest(config, { quiet: true });
  qa = await LiveQa.open(config, { log: createLogger({ json: true, write: (l) => void logs.push(l) }) });
});
afterAll(() => qa?.close());

const Q = "How many licences does the quantum lending quota allow each year?";

describe("LiveQa", () => {
  it("keeps a question on the version it started with while the next one is swapped in", async () => {
    const first = qa.version;
    const before = await qa.ask(Q);
    expect(before.citations.map((c) => c.source)).not.toContain("annex.txt");
    await qa.use(async (held, version) => {
      expect(version).toBe(first);
      await writeFile(path.join(config.corpusDir, "annex.txt"), "The quantum lending quota allows 42 licences each year.\n");
      await runIngest(config, { quiet: true });
      await qa.checkForNewVersion();
      expect(qa.version).not.toBe(first);
      // New questions use the new version …
      expect((await qa.ask(Q)).citations.map((c) => c.source)).toContain("annex.txt");
      // … while the held one still answers from its own.
      expect((await held.ask(Q)).citations.map((c) => c.source)).not.toContain("annex.txt");
    });
    expect(qa.reloads).toBe(1);
  });

  it("logs and ignores a published version that cannot be opened, then takes the next good one", async () => {
    const served = qa.version;
    // A version folder with a damaged manifest, published the way an ingest publishes.
    const parent = path.dirname(config.indexDir);
    const broken = path.join(parent, ".index.v99999999-broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "manifest.json"), "{ not json");
    await symlink(path.basename(broken), path.join(parent, ".index.link-test"));
    await rename(path.join(parent, ".index.link-test"), config.indexDir);
    await qa.checkForNewVersion();
    await qa.checkForNewVersion(); // tried once, not again
    expect(qa.version).toBe(served);
    expect(logs.filter((l) => l.includes("v99999999-broken could not be opened"))).toHaveLength(1);
    expect((await qa.ask(Q)).citations.map((c) => c.source)).toContain("annex.txt");
    await writeFile(path.join(config.corpusDir, "annex.txt"), "The quantum lending quota allows 43 licences each year.\n");
    await runIngest(config, { quiet: true });
    await qa.checkForNewVersion();
    expect(qa.version).not.toBe(served);
    expect((await qa.ask(Q)).answer).toContain("43");
  });
});

describe("the version served in /healthz and /metrics", () => {
  it("names the version once ready and follows each swap", async () => {
    const { Health, registerProcessMetrics } = await import("../src/ops/health.js");
    const { Registry } = await import("../src/ops/metrics.js");
    const health = new Health();
    const registry = new Registry();
    registerProcessMetrics(registry, health);
    expect(await registry.render()).not.toContain("planbot_index_version_info{");
    health.ready({ documents: 1, chunks: 6, model: "m", indexVersion: "v1", indexReloads: 0 });
    expect((await health.report()).body).toMatchObject({ status: "ok", indexVersion: "v1", indexReloads: 0 });
    expect(await registry.render()).toContain('planbot_index_version_info{version="v1"} 1');
    health.indexChanged({ documents: 2, chunks: 9, indexVersion: "v2", indexReloads: 1 });
    expect((await health.report()).body).toMatchObject({ status: "ok", documents: 2, chunks: 9, indexVersion: "v2", indexReloads: 1 });
    const text = await registry.render();
    expect(text).toContain('planbot_index_version_info{version="v2"} 1');
    expect(text).not.toContain('version="v1"');
    expect(text).toContain("planbot_index_reloads 1");
    // A swap during shutdown does not bring the replica back.
    health.stopping();
    health.indexChanged({ documents: 2, chunks: 9, indexVersion: "v3", indexReloads: 2 });
    expect((await health.report()).body).toMatchObject({ status: "stopping" });
  });
});
