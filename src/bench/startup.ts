// Start-up: model load, index load and resident memory after load, each index in a fresh
// child process (so the memory is that index's alone). The 1M-chunk figure is measured for the
// HNSW graph when the HNSW row built one, and extrapolated for the whole index from the two
// largest measured indexes (bytes per chunk), and said to be.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "./corpus.js";
import type { StartupSample } from "./startup-child.js";

export type { StartupSample };

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "startup-child.ts");

export interface StartupCase extends StartupSample {
  name: string;
  /** "measured", or "extrapolated" from the measured cases. */
  kind: "measured" | "extrapolated" | "graph only";
  /** Resident memory the index adds to the process with the model loaded. */
  indexMB: number;
}

export interface StartupResult {
  cases: StartupCase[];
  /** Node + tsx + planbot's modules + the model, with no index: the baseline. */
  baseline: { rssModelMB: number; modelMs: number };
  /** From the least-squares line through the measured cases. */
  perChunk: { indexKB: number; loadMs: number } | null;
}

/** Runs the child; bounded by a timeout. */
export function runChild(request: object, timeoutMs = 15 * 60_000): Promise<StartupSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, JSON.stringify(request)], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").pop() ?? "";
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(line) as StartupSample);
      } catch (e) {
        reject(new Error(`start-up child failed (${(e as Error).message}): ${err.trim().slice(-2000)}`));
      }
    });
  });
}

export interface StartupOptions {
  indexes: Array<{ name: string; indexDir: string }>;
  /** A 1M-vector graph file written by the HNSW row, when it built one. */
  graphs?: Array<{ name: string; file: string; dims: number; size: number }>;
  /** Sizes to extrapolate to when not measured. */
  extrapolate?: number[];
  log?: (line: string) => void;
}

export async function benchStartup(opts: StartupOptions): Promise<StartupResult> {
  const cases: StartupCase[] = [];
  for (const ix of opts.indexes) {
    opts.log?.(`startup: ${ix.name}`);
    const s = await runChild({ mode: "qa", indexDir: ix.indexDir });
    cases.push({ name: ix.name, kind: "measured", ...s, indexMB: s.rssSettledMB - s.rssModelMB });
  }
  const measured = cases.filter((c) => c.kind === "measured");
  const baseline = {
    rssModelMB: median(measured.map((c) => c.rssModelMB)),
    modelMs: median(measured.map((c) => c.modelMs)),
  };
  for (const g of opts.graphs ?? []) {
    opts.log?.(`startup: ${g.name}`);
    const s = await runChild({ mode: "graph", graphFile: g.file, dims: g.dims });
    cases.push({ name: g.name, kind: "graph only", ...s, indexMB: s.rssSettledMB - s.rssImportedMB });
  }
  const fit = measured.length >= 2 ? line(measured.map((c) => [c.chunks, c.indexMB * 1024])) : undefined;
  const fitMs = measured.length >= 2 ? line(measured.map((c) => [c.chunks, c.indexMs])) : undefined;
  const perChunk = fit && fitMs ? { indexKB: fit.slope, loadMs: fitMs.slope } : null;
  for (const size of opts.extrapolate ?? []) {
    if (!fit || !fitMs || measured.some((c) => c.chunks === size)) continue;
    const indexMB = (fit.intercept + fit.slope * size) / 1024;
    cases.push({
      name: `${fmtSize(size)} chunks`,
      kind: "extrapolated",
      rssStartMB: NaN,
      importMs: NaN,
      rssImportedMB: NaN,
      modelMs: baseline.modelMs,
      rssModelMB: baseline.rssModelMB,
      indexMs: fitMs.intercept + fitMs.slope * size,
      rssIndexMB: baseline.rssModelMB + indexMB,
      rssSettledMB: baseline.rssModelMB + indexMB,
      heapUsedMB: NaN,
      arrayBuffersMB: NaN,
      chunks: size,
      indexMB,
    });
  }
  return { cases, baseline, perChunk };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

/** Least squares through (x, y) points. */
function line(points: number[][]): { slope: number; intercept: number } {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0]!, 0) / n;
  const my = points.reduce((a, p) => a + p[1]!, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x! - mx) * (y! - my);
    sxx += (x! - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}

export function fmtSize(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}
