// Small numeric helpers for the benchmark: a seeded random source, percentiles, CPU time.
import os from "node:os";

/** mulberry32: a fast seeded 32-bit generator, so every synthetic data set is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box-Muller) from a uniform source. */
export function gaussian(rand: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Mixes two integers into a seed (for independent per-item streams). */
export function mixSeed(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    mean: n ? sorted.reduce((a, b) => a + b, 0) / n : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: n ? sorted[0]! : NaN,
    max: n ? sorted[n - 1]! : NaN,
  };
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** a / b, or null when b is 0 or either is not a number (JSON has no NaN or Infinity). */
export function ratio(a: number, b: number): number | null {
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

/** CPU time (user + system, all threads of this process) in milliseconds since `from`. */
export function cpuMs(from?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}

/** Rounds for display and JSON (raw figures keep 3 significant decimals). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Busy CPU time of the whole machine (every process), in milliseconds, from os.cpus(). */
export function machineBusyMs(): number {
  return os.cpus().reduce((a, c) => a + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

/**
 * Watches one timed run: wall time, this process's CPU time, and the cores that other
 * processes kept busy meanwhile (on a shared machine they take cores the run wanted).
 */
export function startWatch(): () => { wallMs: number; cpuMs: number; otherCores: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const b0 = machineBusyMs();
  return () => {
    const wallMs = performance.now() - t0;
    const own = cpuMs(c0);
    const busy = machineBusyMs() - b0;
    return { wallMs, cpuMs: own, otherCores: Math.max(0, (busy - own) / wallMs) };
  };
}
