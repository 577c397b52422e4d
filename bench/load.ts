// Load: questions through the service (Qa.ask, what every channel calls) with 1, 8 and 32 in
// flight at once: throughput and latency. Every level gets a service with a fresh query cache,
// so no level answers from another's cache.
import type { Qa } from "../src/qa.js";
import { ratio, summarize, type Summary } from "./stats.js";

export interface LoadLevel {
  concurrency: number;
  questions: number;
  failed: number;
  wallMs: number;
  perSec: number;
  latency: Summary;
  /** Throughput ÷ throughput at concurrency 1. */
  perSecVsSerial: number | null;
  /** p95 ÷ p95 at concurrency 1. */
  p95VsSerial: number | null;
}

export interface LoadResult {
  corpus: string;
  chunks: number;
  /** Services answering side by side (each with its own connection pool), the lanes dealt round-robin. */
  replicas: number;
  levels: LoadLevel[];
}

export interface LoadOptions {
  corpus: string;
  /** A service with a fresh query cache, per level and replica. */
  makeQa: (replica: number) => Promise<Qa>;
  /** 1 unless given. */
  replicas?: number;
  questions: string[];
  levels: number[];
  log?: (line: string) => void;
}

export async function benchLoad(opts: LoadOptions): Promise<LoadResult> {
  const levels: LoadLevel[] = [];
  const replicas = opts.replicas ?? 1;
  let chunks = 0;
  for (const concurrency of opts.levels) {
    opts.log?.(`load: ${opts.questions.length} questions, ${concurrency} at a time, ${replicas} replica(s)`);
    const qas = await Promise.all(Array.from({ length: replicas }, (_, r) => opts.makeQa(r)));
    chunks = qas[0]!.index.size;
    for (const qa of qas) await qa.ask("A warm-up question that is not among the timed ones?").catch(() => undefined);
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    const t0 = performance.now();
    const lanes = Array.from({ length: Math.min(concurrency, opts.questions.length) }, async (_, lane) => {
      const qa = qas[lane % replicas]!;
      while (next < opts.questions.length) {
        const q = opts.questions[next++]!;
        const t = performance.now();
        try {
          await qa.ask(q);
          latencies.push(performance.now() - t);
        } catch {
          failed++;
        }
      }
    });
    await Promise.all(lanes);
    const wallMs = performance.now() - t0;
    await Promise.all(qas.map((qa) => qa.close()));
    levels.push({
      concurrency,
      questions: latencies.length,
      failed,
      wallMs,
      perSec: (latencies.length * 1000) / wallMs,
      latency: summarize(latencies),
      perSecVsSerial: null,
      p95VsSerial: null,
    });
  }
  const serial = levels.find((l) => l.concurrency === 1) ?? levels[0];
  for (const l of levels) {
    l.perSecVsSerial = serial ? ratio(l.perSec, serial.perSec) : null;
    l.p95VsSerial = serial ? ratio(l.latency.p95, serial.latency.p95) : null;
  }
  return { corpus: opts.corpus, chunks, replicas, levels };
}
