// Ingest throughput: the real pipeline (load → split → embed → index) with the worker pool and
// with one thread, against the floor: the bare model embedding the same chunk texts in one
// loop, in the same calls the pipeline makes. What the one-thread run loses to the floor is
// pipeline overhead; what the pool gains over one thread is parallelism.
import { rm } from "node:fs/promises";
import path from "node:path";
import { LocalEmbeddings, loadInThreadModel } from "../embeddings/local.js";
import { EmbedWorkerPool } from "../embeddings/worker-pool.js";
import { readIndexContents } from "../index/index-folder.js";
import { currentVersion } from "../index/publish.js";
import { embeddingBatches, ingest } from "../ingest/pipeline.js";
import { embeddingText } from "../ingest/splitter.js";
import { cpuMs, ratio } from "./stats.js";

export interface ThroughputRun {
  chunks: number;
  wallMs: number;
  /** CPU time of the whole process, every thread: robust to other load on the machine. */
  cpuMs: number;
  chunksPerSec: number;
  chunksPerCpuSec: number;
}

export interface IngestResult {
  corpus: { kind: string; documents: number; chunks: number; chars: number };
  workers: number;
  cores: number;
  /** Texts per model call, as the pipeline sends them. */
  batchSize: number;
  bare: ThroughputRun & { calls: number };
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
  log?: (line: string) => void;
}

function figures(chunks: number, wallMs: number, cpu: number): ThroughputRun {
  return { chunks, wallMs, cpuMs: cpu, chunksPerSec: (chunks * 1000) / wallMs, chunksPerCpuSec: (chunks * 1000) / cpu };
}

async function timedIngest(corpusDir: string, indexDir: string, workers: number): Promise<{ run: ThroughputRun; documents: number }> {
  const embeddings = new LocalEmbeddings({ workers });
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await ingest({ corpusDir, indexDir, embeddings });
    const wall = performance.now() - t0;
    if (report.embedded !== report.chunks) throw new Error(`expected a fresh ingest, but ${report.reused} chunks were reused`);
    return { run: figures(report.chunks, wall, cpuMs(c0)), documents: report.documents };
  } finally {
    await embeddings.close();
  }
}

export async function benchIngest(opts: IngestBenchOptions): Promise<IngestResult> {
  const log = opts.log ?? (() => {});
  const model = await loadInThreadModel();
  await model.embed(["A warm-up sentence so that the first timed call does not pay for compilation."]);

  log(`ingest: pool of ${opts.workers} workers`);
  const pool = await timedIngest(opts.corpusDir, opts.indexDir, opts.workers);

  log("ingest: one thread");
  const oneDir = path.join(opts.workDir, "ingest-one-thread", "index");
  const one = await timedIngest(opts.corpusDir, oneDir, 0);
  await rm(path.dirname(oneDir), { recursive: true, force: true });

  // The floor: the same texts, in the calls the one-thread pipeline makes, straight into the model.
  const contents = await readIndexContents((await currentVersion(opts.indexDir))!);
  const texts = contents.chunks.map(embeddingText);
  const local = new LocalEmbeddings({ workers: 0 });
  const batchSize = local.batchSize;
  const calls = embeddingBatches(
    texts.map((_, i) => i),
    (i) => texts[i]!.length,
    local.parallelism,
    batchSize,
  );
  log(`ingest: bare model, ${texts.length} texts in ${calls.length} calls`);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const call of calls) await model.embed(call.map((i) => texts[i]!));
  const bare = { ...figures(texts.length, performance.now() - t0, cpuMs(c0)), calls: calls.length };

  const ts = performance.now();
  const started = await EmbedWorkerPool.start(opts.workers);
  const poolStartMs = performance.now() - ts;
  await started.close();

  const perCore = Math.max(1, Math.min(opts.workers, opts.cores));
  return {
    corpus: {
      kind: opts.corpusKind,
      documents: pool.documents,
      chunks: contents.chunks.length,
      chars: contents.chunks.reduce((a, c) => a + c.text.length, 0),
    },
    workers: opts.workers,
    cores: opts.cores,
    batchSize,
    bare,
    oneThread: one.run,
    pool: pool.run,
    poolStartMs,
    ratios: {
      poolVsOneThread: ratio(pool.run.chunksPerSec, one.run.chunksPerSec),
      poolPerCoreVsBare: ratio(pool.run.chunksPerSec / perCore, bare.chunksPerSec),
      poolPerCpuVsBare: ratio(pool.run.chunksPerCpuSec, bare.chunksPerCpuSec),
      oneThreadVsBare: ratio(one.run.chunksPerSec, bare.chunksPerSec),
      oneThreadPerCpuVsBare: ratio(one.run.chunksPerCpuSec, bare.chunksPerCpuSec),
    },
  };
}
