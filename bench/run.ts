// Runs the benchmark rows in order and gathers one result: ingest, question latency, HNSW vs
// exact search, start-up and load. Fixtures are shared between rows (the large index the
// ingest row builds is the one the latency, start-up and load rows open; the 100k vectors and
// graph the HNSW row builds become the synthetic index).
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type hnswlib from "hnswlib-node";
import { LocalEmbeddings, loadInThreadModel } from "../src/embeddings/local.js";
import { DEFAULT_HNSW } from "../src/index/manifest.js";
import { openIndex } from "../src/index/folder/folder-store.js";
import { ingest } from "../src/ingest/pipeline.js";
import { Qa } from "../src/qa.js";
import { largeCorpus, MarkovText, PLAN_CORPUS, PLAN_QUESTIONS, PLAN_ZH_QUESTIONS, readQuestions, spread, TATQA_FILE, trainingTexts, writeCorpus } from "./corpus.js";
import { benchHnsw, type GraphSettings } from "./hnsw.js";
import { benchIngest } from "./ingest.js";
import { benchStores } from "./stores.js";
import { benchLatency, type LatencyCase } from "./latency.js";
import { benchLoad } from "./load.js";
import { evaluateTargets } from "./report.js";
import type { BenchResult, RowName } from "./result.js";
import { benchStartup, fmtSize } from "./startup.js";
import { benchProcess } from "./process.js";
import { benchChinese } from "./chinese.js";
import { SyntheticQueryEmbeddings, writeSyntheticIndex } from "./synthetic.js";
import { ClusteredVectors, neighbourStats, USE_LITE_LIKE, type NeighbourStats } from "./vectors.js";

export interface BenchOptions {
  rows: RowName[];
  /** Scratch folder (default: a new temporary folder, removed at the end unless `keep`). */
  workDir?: string;
  keep?: boolean;
  tatqaFile?: string;
  /** Only the first N TAT-QA contexts (tiny runs). */
  limitContexts?: number;
  /** Chunks of generated text when TAT-QA is absent. */
  fallbackChunks?: number;
  /** Worker threads for the pool (default: the machine's cores). */
  workers?: number;
  /** Rounds of the ingest runs (best round reported). */
  ingestRepeat?: number;
  hnswSizes?: number[];
  /** Sizes run even when their estimated build time is long (named with --sizes, or --full). */
  hnswForced?: number[];
  hnswGraphs?: GraphSettings[];
  efSweep?: number[];
  hnswQueries?: number;
  hnswMaxBuildMs?: number;
  /** Chunks of the synthetic index for the latency and start-up rows. */
  syntheticChunks?: number;
  /**
   * efConstruction of the synthetic index, built here rather than taken from the HNSW row: a
   * low one builds a 1M-chunk index in minutes instead of an hour, for its start-up memory
   * (the graph's size does not depend on it; its recall does). Named in the case's name.
   */
  syntheticEfConstruction?: number;
  /** Timed questions per corpus in the latency row (the plan corpus uses all of its own). */
  latencyQuestions?: number;
  loadQuestions?: number;
  loadLevels?: number[];
  /** Questions of the process row, each asked by a fresh process (default 10). */
  processQuestions?: number;
  /** Index sizes whose start-up figures are extrapolated when not measured. */
  extrapolateTo?: number[];
  log?: (line: string) => void;
}

const WARM_UP_QUESTIONS = ["What is this document about?", "Which organisations are named in the text?", "How much money was reported for the year?"];

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const rows = new Set(opts.rows);
  const work = opts.workDir ?? (await mkdtemp(path.join(os.tmpdir(), "planbot-bench-")));
  const cores = os.availableParallelism();
  const workers = opts.workers ?? cores;
  const syntheticChunks = opts.syntheticChunks ?? 100_000;
  const hnswSizes = opts.hnswSizes ?? [10_000, 100_000];
  const result: BenchResult = {
    meta: {
      createdAt: new Date().toISOString(),
      durationMs: 0,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: cores,
      cpuModel: await cpuModel(),
      memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      loadAverage: os.loadavg(),
      rows: opts.rows,
      options: { ...opts, log: undefined, workers, syntheticChunks, hnswSizes },
    },
    settings: { hnsw: DEFAULT_HNSW, embedBatch: new LocalEmbeddings({ workers: 0 }).batchSize ?? 32, workers },
    corpora: { large: { kind: "", documents: 0, questions: 0 } },
    targets: [],
  };

  try {
    // The large corpus, written out as files for the real loader.
    const large = await largeCorpus({ tatqaFile: opts.tatqaFile ?? TATQA_FILE, limitContexts: opts.limitContexts, fallbackChunks: opts.fallbackChunks });
    result.corpora.large = { kind: large.kind, documents: large.documents.length, questions: large.questions.length };
    const largeCorpusDir = path.join(work, "large-corpus");
    const largeIndex = path.join(work, "large", "index");
    const needLarge = rows.has("ingest") || rows.has("latency") || rows.has("startup") || rows.has("load");
    if (needLarge || rows.has("stores") || rows.has("process")) {
      await writeCorpus(largeCorpusDir, large.documents);
      log(`corpus: ${large.documents.length} ${large.kind} documents in ${largeCorpusDir}`);
    }
    if (rows.has("ingest")) {
      result.ingest = await benchIngest({ corpusDir: largeCorpusDir, corpusKind: large.kind, indexDir: largeIndex, workDir: work, workers, cores, repeat: opts.ingestRepeat, log });
    } else if (needLarge) {
      await buildIndex(largeCorpusDir, largeIndex, workers);
    }
    const planIndex = path.join(work, "plan", "index");
    if (rows.has("latency") || rows.has("startup") || rows.has("process")) await buildIndex(PLAN_CORPUS, planIndex, 0);

    // HNSW row; its graph of `syntheticChunks` vectors becomes the synthetic index.
    const syntheticEfC = opts.syntheticEfConstruction;
    const syntheticHnsw = syntheticEfC ? { ...DEFAULT_HNSW, efConstruction: syntheticEfC } : DEFAULT_HNSW;
    const syntheticName = `synthetic-${fmtSize(syntheticChunks)}` + (syntheticEfC ? ` (efConstruction ${syntheticEfC})` : "");
    const syntheticDir = path.join(work, `synthetic-${syntheticChunks}` + (syntheticEfC ? `-efc${syntheticEfC}` : ""), "index");
    const needSynthetic = rows.has("latency") || rows.has("startup");
    let mixture: ClusteredVectors | undefined;
    const markov = needSynthetic || rows.has("stores") ? new MarkovText(await trainingTexts(large.kind === "tatqa" ? large : undefined)) : undefined;
    const graphFiles: Array<{ name: string; file: string; dims: number; size: number }> = [];
    const keepSynthetic = async (size: number, mix: ClusteredVectors, vectors: Float32Array, graph: hnswlib.HierarchicalNSW) => {
      if (needSynthetic && size === syntheticChunks && !mixture && !syntheticEfC) {
        log(`synthetic index: writing ${fmtSize(size)} chunks with the HNSW row's vectors and graph`);
        result.corpora.synthetic = await writeSyntheticIndex({ dir: syntheticDir, chunks: size, markov: markov!, vectors, graph });
        mixture = mix;
      }
      if (rows.has("startup") && size >= 1_000_000) {
        const file = path.join(work, `graph-${size}.hnsw`);
        await graph.writeIndex(file);
        graphFiles.push({ name: `${fmtSize(size)} vectors (HNSW graph only)`, file, dims: mix.spec.dims, size });
      }
    };
    if (rows.has("hnsw")) {
      const hnsw = await benchHnsw({
        sizes: hnswSizes,
        forced: opts.hnswForced,
        graphs: opts.hnswGraphs,
        efSweep: opts.efSweep,
        queries: opts.hnswQueries ? () => opts.hnswQueries! : undefined,
        maxBuildMs: opts.hnswMaxBuildMs,
        keep: keepSynthetic,
        log,
      });
      result.hnsw = { ...hnsw, calibration: await calibration(largeIndex, needLarge) };
    }
    if (needSynthetic && !mixture) {
      log(`synthetic index: ${fmtSize(syntheticChunks)} chunks (vectors and graph built here)`);
      mixture = new ClusteredVectors(USE_LITE_LIKE, syntheticChunks, 7);
      result.corpora.synthetic = await writeSyntheticIndex({
        dir: syntheticDir,
        chunks: syntheticChunks,
        markov: markov!,
        vectors: mixture.sample(syntheticChunks, 1),
        hnsw: syntheticHnsw,
      });
    }

    // Question latency.
    const n = opts.latencyQuestions ?? 200;
    const planQuestions = spread(existsSync(PLAN_QUESTIONS) ? await readQuestions(PLAN_QUESTIONS) : WARM_UP_QUESTIONS, n);
    const holdout = path.join(path.dirname(PLAN_QUESTIONS), "plan-holdout.jsonl");
    const planWarmUp = existsSync(holdout) ? (await readQuestions(holdout)).slice(0, 5) : WARM_UP_QUESTIONS;
    const largeQuestions = spread(large.questions, n);
    const chosen = new Set(largeQuestions);
    const largeWarmUp = large.questions.filter((q) => !chosen.has(q)).slice(0, 5);
    if (rows.has("latency")) {
      const cases: LatencyCase[] = [];
      const open = async (dir: string, emb: LocalEmbeddings | SyntheticQueryEmbeddings) => new Qa(await openIndex(dir, emb), emb);
      await loadInThreadModel();
      log(`latency: plan corpus, ${planQuestions.length} questions`);
      cases.push(await benchLatency({ name: "plan", qa: await open(planIndex, new LocalEmbeddings({ workers: 0 })), questions: planQuestions, warmUp: planWarmUp }));
      log(`latency: large corpus, ${largeQuestions.length} questions`);
      cases.push(await benchLatency({ name: "large", qa: await open(largeIndex, new LocalEmbeddings({ workers: 0 })), questions: largeQuestions, warmUp: largeWarmUp }));
      log(`latency: ${syntheticName}, ${largeQuestions.length} questions`);
      const synthetic = new SyntheticQueryEmbeddings(new LocalEmbeddings({ workers: 0 }), mixture!);
      cases.push(await benchLatency({ name: syntheticName, qa: await open(syntheticDir, synthetic), questions: largeQuestions, warmUp: largeWarmUp }));
      result.latency = { cases };
    }

    if (rows.has("startup")) {
      result.startup = await benchStartup({
        indexes: [
          { name: "plan", indexDir: planIndex },
          { name: "large", indexDir: largeIndex },
          { name: syntheticName, indexDir: syntheticDir },
        ],
        graphs: graphFiles,
        extrapolate: opts.extrapolateTo ?? [1_000_000],
        log,
      });
    }

    if (rows.has("load")) {
      const index = await openIndex(largeIndex, new LocalEmbeddings({ workers: 0 }));
      const questions = spread(large.questions, opts.loadQuestions ?? 200);
      result.load = await benchLoad({
        corpus: "large",
        makeQa: async () => new Qa(index, new LocalEmbeddings({ workers: 0 })),
        questions,
        levels: opts.loadLevels ?? [1, 8, 32],
        log,
      });
    }

    if (rows.has("stores")) {
      result.stores = await benchStores({
        corpora: [
          { name: "plan", dir: PLAN_CORPUS, questions: planQuestions, warmUp: planWarmUp },
          { name: "large", dir: largeCorpusDir, questions: largeQuestions, warmUp: largeWarmUp },
        ],
        workDir: work,
        workers,
        loadLevels: opts.loadLevels ?? [1, 8, 32],
        // Fewer than the load row's: every store and corpus runs every level.
        loadQuestions: opts.loadQuestions ?? 96,
        scale: {
          chunks: syntheticChunks,
          markov: markov!,
          mixture: mixture ?? new ClusteredVectors(USE_LITE_LIKE, syntheticChunks, 7),
          questions: largeQuestions,
          warmUp: largeWarmUp,
          recallQueries: opts.hnswQueries,
        },
        log,
      });
    }
    if (rows.has("process")) {
      result.process = await benchProcess({
        plan: { corpusDir: PLAN_CORPUS, indexDir: planIndex, questions: spread(planQuestions, opts.processQuestions ?? 10) },
        large: { name: large.kind, corpusDir: largeCorpusDir },
        workDir: work,
        workers,
        cores,
        rounds: opts.ingestRepeat,
        log,
      });
    }
    if (rows.has("chinese")) {
      result.chinese = await benchChinese({ corpusDir: PLAN_CORPUS, questionsFile: PLAN_ZH_QUESTIONS });
    }
  } finally {
    if (!opts.keep && !opts.workDir) await rm(work, { recursive: true, force: true });
    else log(`work folder kept: ${work}`);
  }
  result.targets = evaluateTargets(result);
  result.meta.durationMs = performance.now() - started;
  return result;
}

async function buildIndex(corpusDir: string, indexDir: string, workers: number): Promise<void> {
  const embeddings = new LocalEmbeddings({ workers });
  try {
    await ingest({ corpusDir, indexDir, embeddings });
  } finally {
    await embeddings.close();
  }
}

/** Neighbour statistics of the real vectors of the large index beside the synthetic mixture's. */
async function calibration(largeIndex: string, haveLarge: boolean): Promise<{ real?: NeighbourStats; synthetic: NeighbourStats }> {
  let real: NeighbourStats | undefined;
  let points = 1500;
  if (haveLarge) {
    const { readIndexContents } = await import("../src/index/folder/index-folder.js");
    const { currentVersion } = await import("../src/index/folder/publish.js");
    const dir = await currentVersion(largeIndex);
    if (dir) {
      const contents = await readIndexContents(dir);
      real = neighbourStats(contents.vectors, contents.manifest.embedding.dims);
      points = real.points;
    }
  }
  const mix = new ClusteredVectors(USE_LITE_LIKE, points, 7);
  return { real, synthetic: neighbourStats(mix.sample(points, 1), USE_LITE_LIKE.dims) };
}

async function cpuModel(): Promise<string> {
  try {
    const info = await readFile("/proc/cpuinfo", "utf8");
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  } catch {
    return os.cpus()[0]?.model ?? "unknown";
  }
}
