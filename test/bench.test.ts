// Smoke test of `npm run bench`: every row runs at tiny sizes through the real code and the
// JSON holds every row with sane ratios. No timing is asserted (timings vary by machine).
import { beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../bench/report.js";
import { ROWS, type BenchResult } from "../bench/result.js";
import { runBench } from "../bench/run.js";
import { percentile, summarize } from "../bench/stats.js";
import { ClusteredVectors, exactTopK, neighbourStats, USE_LITE_LIKE } from "../bench/vectors.js";
import { extrapolateBuildMs } from "../bench/hnsw.js";
import { embeddingBatches } from "../src/ingest/pipeline.js";
import { NATIVE_MISSING } from "./helpers/pg-server.js";

const positive = (v: number | null | undefined) => {
  expect(v).toBeTypeOf("number");
  expect(Number.isFinite(v)).toBe(true);
  expect(v!).toBeGreaterThan(0);
};

describe("bench helpers", () => {
  it("percentiles and summaries", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    const s = summarize([5, 1, 3]);
    expect(s).toMatchObject({ n: 3, p50: 3, min: 1, max: 5, mean: 3 });
  });

  it("clustered vectors are unit length, reproducible, and exact search finds a point itself", () => {
    const mix = new ClusteredVectors(USE_LITE_LIKE, 300, 3);
    const v = mix.sample(300, 1);
    expect(Array.from(mix.sample(300, 1))).toEqual(Array.from(v));
    const d = USE_LITE_LIKE.dims;
    for (const p of [0, 150, 299]) {
      let n = 0;
      for (let i = 0; i < d; i++) n += v[p * d + i]! ** 2;
      expect(n).toBeCloseTo(1, 5);
    }
    expect(exactTopK(v, d, v.subarray(42 * d, 43 * d), 5)[0]).toBe(42);
    const stats = neighbourStats(v, d, 200);
    expect(stats.nn1).toBeGreaterThan(stats.nn10);
    expect(stats.nn10).toBeGreaterThan(stats.randomPair);
  });

  it("ingest batches cover every chunk once, by length, and keep every lane busy", () => {
    const lengths = [50, 10, 40, 30, 20, 60, 5];
    const todo = [0, 1, 2, 3, 4, 5, 6];
    const batches = embeddingBatches(todo, (i) => lengths[i]!, 2, 16);
    expect(batches.length).toBe(2);
    expect(batches.flat().sort()).toEqual(todo);
    expect(batches.flat().map((i) => lengths[i]!)).toEqual([...lengths].sort((a, b) => a - b));
    expect(embeddingBatches(todo, (i) => lengths[i]!, 1, 3).map((b) => b.length)).toEqual([3, 3, 1]);
  });

  it("build-time extrapolation grows faster than linearly", () => {
    expect(extrapolateBuildMs(100_000, 60_000, 1_000_000)).toBeGreaterThan(600_000);
  });
});

describe("npm run bench (tiny sizes)", () => {
  let result: BenchResult;
  let json: BenchResult;

  beforeAll(async () => {
    result = await runBench({
      rows: [...ROWS],
      limitContexts: 2,
      fallbackChunks: 30,
      workers: 1,
      hnswSizes: [400, 1000],
      hnswQueries: 20,
      syntheticChunks: 1000,
      latencyQuestions: 8,
      loadQuestions: 8,
      loadLevels: [1, 4],
      processQuestions: 2,
    });
    json = JSON.parse(JSON.stringify(result)) as BenchResult;
  }, 240_000);

  it("has every row in its JSON", () => {
    for (const row of ROWS) expect(json[row], row).toBeDefined();
    expect(json.meta.cpus).toBeGreaterThan(0);
    expect(json.meta.node).toBe(process.version);
  });

  it("ingest: three runs of the same chunks, with sane ratios", () => {
    const i = json.ingest!;
    expect(i.corpus.chunks).toBeGreaterThan(0);
    for (const run of [i.bare, i.barePool, i.oneThread, i.pool]) {
      expect(run.chunks).toBe(i.corpus.chunks);
      positive(run.chunksPerSec);
      positive(run.chunksPerCpuSec);
    }
    for (const r of Object.values(i.ratios)) positive(r);
  });

  it("latency: plan, large and synthetic cases, each split into its parts", () => {
    const cases = json.latency!.cases;
    expect(cases.map((c) => c.name)).toEqual(["plan", "large", "synthetic-1k"]);
    for (const c of cases) {
      expect(c.questions).toBeGreaterThan(0);
      positive(c.bare.p50);
      positive(c.total.p50);
      expect(c.total.p50).toBeGreaterThanOrEqual(c.answer.p50);
      positive(c.ratios.totalP50VsBareP50);
      positive(c.ratios.beyondP50VsBareP50);
    }
    expect(cases[2]!.chunks).toBe(1000);
  });

  it("hnsw: recall against exact search at every size, at the shipped efSearch", () => {
    const h = json.hnsw!;
    expect(h.sizes.map((s) => s.size)).toEqual([400, 1000]);
    for (const s of h.sizes) {
      expect(s.shipped.efSearch).toBe(h.shipped.efSearch);
      expect(s.shipped.recall10).toBeGreaterThan(0.5);
      expect(s.shipped.recall10).toBeLessThanOrEqual(1);
      positive(s.shipped.speedup);
      expect(s.sweep.length).toBeGreaterThan(3);
    }
    expect(h.calibration?.real?.points).toBeGreaterThan(0);
  });

  it("startup: measured per index in a child process, extrapolated to 1M", () => {
    const s = json.startup!;
    const names = s.cases.map((c) => c.name);
    expect(names).toEqual(["plan", "large", "synthetic-1k", "1M chunks"]);
    for (const c of s.cases.filter((c) => c.kind === "measured")) {
      positive(c.rssSettledMB);
      positive(c.modelMs);
      expect(c.chunks).toBeGreaterThan(0);
    }
    expect(s.cases.find((c) => c.name === "1M chunks")!.kind).toBe("extrapolated");
  });

  it("load: throughput and p95 per concurrency level, against concurrency 1", () => {
    const levels = json.load!.levels;
    expect(levels.map((l) => l.concurrency)).toEqual([1, 4]);
    for (const l of levels) {
      expect(l.questions + l.failed).toBe(8);
      positive(l.perSec);
      positive(l.perSecVsSerial);
      positive(l.p95VsSerial);
    }
  });

  it("stores: the folder and pgvector (PGlite, and native when installed) on the same corpora, with ÷ folder ratios and throughput", () => {
    const st = json.stores!;
    const stores = ["hnsw", "pgvector", ...(NATIVE_MISSING ? [] : ["pgvector-native"])];
    expect(st.cases.map((c) => `${c.corpus}/${c.store}`)).toEqual(["plan", "large"].flatMap((corpus) => stores.map((s) => `${corpus}/${s}`)));
    for (const c of st.cases) {
      positive(c.ingestMs);
      positive(c.updateMs);
      positive(c.openMs);
      expect(c.latency.questions).toBeGreaterThan(0);
      expect(c.load.levels.map((l) => [l.concurrency, l.questions, l.failed])).toEqual([
        [1, 8, 0],
        [4, 8, 0],
      ]);
    }
    // Same corpus, same chunks, whichever store holds them.
    for (const corpus of ["plan", "large"]) expect(new Set(st.cases.filter((c) => c.corpus === corpus).map((c) => c.chunks)).size).toBe(1);
    expect(st.ratios).toHaveLength(2 * (stores.length - 1));
    for (const q of st.ratios) positive(q.totalP50);
    if (NATIVE_MISSING) return void expect(st.scale).toBeUndefined();
    // The synthetic corpus on the native server: pgvector's recall against exact search, BM25 in SQL.
    const scale = st.scale!;
    expect(scale.chunks).toBe(1000);
    expect(scale.recallAt10).toBeGreaterThan(0.9);
    positive(scale.bm25.p50);
    positive(scale.dense.p50);
    expect(json.targets.map((t) => t.id)).toEqual(expect.arrayContaining(["pgvector-1k-recall", "pgvector-1k-bm25"]));
  });

  it("process: npm run ask and npm run ingest as whole processes against the bare model's process", () => {
    const p = json.process!;
    expect(p.question.questions).toBe(2);
    for (const s of [p.question.ours, p.question.tsx, p.question.bare]) expect(s.n).toBe(2);
    // Times only (their comparison is the bench's to report, not a test's: it flakes under load).
    for (const s of [p.question.ours, p.question.tsx, p.question.bare]) positive(s.p50);
    expect(p.ingest.chunks).toBe(json.ingest!.corpus.chunks);
    positive(p.ingest.oursChunksPerSec);
    positive(p.ingest.bareChunksPerSec);
    positive(p.ingest.ratios.perCoreVsBare);
  });

  it("reports every target and renders a table", () => {
    const ids = json.targets.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(["ingest-pool-speedup", "ingest-per-core", "latency-plan", "latency-synthetic-1k", "process-ingest-per-core", "process-ask-plan"]));
    for (const t of json.targets) expect(typeof t.met === "boolean" || t.met === null).toBe(true);
    const text = renderReport(result);
    for (const heading of ["## Ingest", "## Question latency", "## HNSW", "## Start-up", "## Load", "## Index stores", "## Whole commands", "## Targets"]) expect(text).toContain(heading);
  });
});
