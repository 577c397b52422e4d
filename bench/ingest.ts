// Ingest throughput: the real pipeline (load → split → embed → index) with the worker pool and
// with one thread, against the floor: the bare model embedding the same chunk texts in one
// loop, in the same calls the pipeline makes. What the one-thread run loses to the floor is
// pipeline overhead; what the pool gains over one thread is parallelism. A fourth run sends
// the same calls straight to a worker pool (no pipeline), which separates what the machine's
// cores give (bare pool ÷ bare model) from what the pipeline costs (pool ÷ bare pool).
import { rm } from "node:fs/promises";
import path from "node:path";
import { LocalEmbeddings, loadInThreadModel } from "../src/embeddings/local.js";
import { EmbedWorkerPool } from "../src/embeddings/worker-pool.js";
import { readIndexContents } from "../src/index/folder/index-folder.js";
import { currentVersion } from "../src/index/folder/publish.js";
import { embeddingBatches, ingest } from "../src/ingest/pipeline.js";
import { embeddingText } from "../src/ingest/splitter.js";
import { ratio, startWatch } from "./stats.js";

export interface ThroughputRun {
  chunks: number;
  wallMs: number;
  /** CPU time of the whole process, every thread: robust to other load on the machine. */
  cpuMs: number;
  chunksPerSec: number;
  chunksPerCpuSec: number;
  /** Cores that other processes kept busy during the run, on average. */
  otherCores: number;
}

export interface IngestResult {
  corpus: { kind: string; documents: number; chunks: number; chars: number };
  workers: number;
  cores: number;
  /** Texts per model call, as the pipeline sends them. */
  batchSize: number;
  /** Rounds run; each figure below is its run's best round. */
  repeat: number;
  /** Every round of every run. */
  rounds: Record<"pool" | "oneThread" | "bare" | "barePool", ThroughputRun[]>;
  bare: ThroughputRun & { calls: number };
  /** The same calls through the worker pool alone, no pipeline: what parallelism gives on this machine. */
  barePool: ThroughputRun;
  oneThread: ThroughputRun;
  pool: ThroughputRun;
  /** Starting the pool's workers (each loads its model), part of the pool run's time. */
  poolStartMs: number;
  ratios: {
    /** Pool chunks/s ÷ one-thread chunks/s (target ≥ 1.7 on 2 cores). */
    poolVsOneThread: number | null;
    /** Pool chunks/s per core used ÷ bare-model chunks/s (target ≥ 0.9). */
    poolPerCoreVsBare: number | null;
    /** Same, from CPU time (independent of other load on the machine). */
    poolPerCpuVsBare: number | null;
    /** Bare pool ÷ bare model: how well the model scales over the cores here (other load included). */
    barePoolVsBare: number | null;
    /** Pipeline with the pool ÷ bare pool: the pipeline's overhead when parallel. */
    poolVsBarePool: number | null;
    /** One-thread pipeline ÷ bare model: 1 − this is the pipeline's own overhead. */
    oneThreadVsBare: number | null;
    oneThreadPerCpuVsBare: number | null;
  };
}

export interface IngestBenchOptions {
  corpusDir: string;
  corpusKind: string;
  /** Where the pool run's index is kept (later rows open it). */
  indexDir: string;
  workDir: string;
  workers: number;
  cores: number;
  /**
   * Rounds of the four runs (default 1), in alternating order; the best round of each run is
   * reported (other processes on a shared machine only ever make a run slower). Every round
   * is kept in `rounds`.
   */
  repeat?: number;
  log?: (line: string) => void;
}

type RunName = "pool" | "oneThread" | "bare" | "barePool";
const ORDER: RunName[] = ["pool", "oneThread", "bare", "barePool"];

function figures(chunks: number, w: { wallMs: number; cpuMs: number; otherCores: number }): ThroughputRun {
  return { chunks, ...w, chunksPerSec: (chunks * 1000) / w.wallMs, chunksPerCpuSec: (chunks * 1000) / w.cpuMs };
}

async function timedIngest(corpusDir: string, indexDir: string, workers: number): Promise<{ run: ThroughputRun; documents: number }> {
  const embeddings = new LocalEmbeddings({ workers });
  try {
    const watch = startWatch();
    const report = await ingest({ corpusDir, indexDir, embeddings });
    const w = watch();
    if (report.embedded !== report.chunks) throw new Error(`expected a fresh ingest, but ${report.reused} chunks were reused`);
    return { run: figures(report.chunks, w), documents: report.documents };
  } finally {
    await embeddings.close();
  }
}

export async function benchIngest(opts: IngestBenchOptions): Promise<IngestResult> {
  const log = opts.log ?? (() => {});
  const repeat = Math.max(1, opts.repeat ?? 1);
  const model = await loadInThreadModel();
  await model.embed(["A warm-up sentence so that the first timed call does not pay for compilation."]);
  const local = new LocalEmbeddings({ workers: 0 });
  const batchSize = local.batchSize;
  const rounds: Record<RunName, ThroughputRun[]> = { pool: [], oneThread: [], bare: [], barePool: [] };
  let documents = 0;
  let texts: string[] = [];
  let poolStartMs = NaN;

  const run = async (name: RunName, round: number): Promise<ThroughputRun> => {
    const tag = repeat > 1 ? ` (round ${round + 1} of ${repeat})` : "";
    if (name === "pool" || name === "oneThread") {
      // The first pool run's index is the one later rows use; every other run writes a scratch one.
      const keep = name === "pool" && rounds.pool.length === 0;
      const dir = keep ? opts.indexDir : path.join(opts.workDir, `ingest-${name}-${round}`, "index");
      log(`ingest: ${name === "pool" ? `pool of ${opts.workers} workers` : "one thread"}${tag}`);
      const r = await timedIngest(opts.corpusDir, dir, name === "pool" ? opts.workers : 0);
      if (!keep) await rm(path.dirname(dir), { recursive: true, force: true });
      documents = r.documents;
      return r.run;
    }
    if (name === "bare") {
      // The floor: the same texts, in the calls the one-thread pipeline makes, straight into the model.
      const calls = embeddingBatches(
        texts.map((_, i) => i),
        (i) => texts[i]!.length,
        local.parallelism,
        batchSize,
      );
      log(`ingest: bare model, ${texts.length} texts in ${calls.length} calls${tag}`);
      const watch = startWatch();
      for (const call of calls) await model.embed(call.map((i) => texts[i]!));
      return figures(texts.length, watch());
    }
    const ts = performance.now();
    const started = await EmbedWorkerPool.start(opts.workers);
    poolStartMs = performance.now() - ts;
    try {
      const calls = embeddingBatches(
        texts.map((_, i) => i),
        (i) => texts[i]!.length,
        opts.workers,
        batchSize,
      );
      await Promise.all(Array.from({ length: opts.workers * 2 }, () => started.embed(["A warm-up sentence for every worker."])));
      log(`ingest: bare pool of ${opts.workers}, ${calls.length} calls${tag}`);
      const watch = startWatch();
      await Promise.all(calls.map((call) => started.embed(call.map((i) => texts[i]!))));
      return figures(texts.length, watch());
    } finally {
      await started.close();
    }
  };

  for (let round = 0; round < repeat; round++) {
    for (const name of round % 2 === 0 ? ORDER : [...ORDER].reverse()) {
      rounds[name].push(await run(name, round));
      if (name === "pool" && texts.length === 0) {
        const contents = await readIndexContents((await currentVersion(opts.indexDir))!);
        texts = contents.chunks.map(embeddingText);
      }
    }
  }
  const best = (name: RunName) => rounds[name].reduce((a, b) => (b.chunksPerSec > a.chunksPerSec ? b : a));
  const pool = best("pool");
  const one = best("oneThread");
  const bare = best("bare");
  const barePool = best("barePool");
  const perCore = Math.max(1, Math.min(opts.workers, opts.cores));
  return {
    corpus: {
      kind: opts.corpusKind,
      documents,
      chunks: texts.length,
      chars: texts.reduce((a, t) => a + t.length, 0),
    },
    workers: opts.workers,
    cores: opts.cores,
    batchSize,
    repeat,
    bare: { ...bare, calls: Math.ceil(texts.length / batchSize) },
    barePool,
    oneThread: one,
    pool,
    rounds,
    poolStartMs,
    ratios: {
      poolVsOneThread: ratio(pool.chunksPerSec, one.chunksPerSec),
      poolPerCoreVsBare: ratio(pool.chunksPerSec / perCore, bare.chunksPerSec),
      poolPerCpuVsBare: ratio(pool.chunksPerCpuSec, bare.chunksPerCpuSec),
      barePoolVsBare: ratio(barePool.chunksPerSec, bare.chunksPerSec),
      poolVsBarePool: ratio(pool.chunksPerSec, barePool.chunksPerSec),
      oneThreadVsBare: ratio(one.chunksPerSec, bare.chunksPerSec),
      oneThreadPerCpuVsBare: ratio(one.chunksPerCpuSec, bare.chunksPerCpuSec),
    },
  };
}
