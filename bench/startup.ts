// Start-up: model load, index load and resident memory after load, each index in a fresh
// child process (so the memory is that index's alone). The 1M-chunk figure is measured for the
// HNSW graph when the HNSW row built one, and extrapolated for the whole index from the two
// largest measured indexes (bytes per chunk), and said to be.
import { spawn } from "node:child_process";
import { readdir, realpath, stat } from "node:fs/promises";
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
  /** Size of each file of the index folder (extrapolated ones are estimates). */
  files?: Record<string, number>;
  /** Why an index of this size could not be loaded at all, when that is so. */
  blocker?: string;
}

/** V8's longest string (Node 20): a JSON file read as one string must be shorter. */
const MAX_STRING = 0x1fffffe8;

export interface StartupResult {
  cases: StartupCase[];
  /** Node + tsx + planbot's modules + the model, with no index: the baseline. */
  baseline: { rssModelMB: number; modelMs: number };
  /** From the least-squares line through the measured cases. */
  perChunk: { indexKB: number; loadMs: number } | null;
}

/** Runs a child (the start-up one by default) that prints one JSON line; bounded by a timeout. */
export function runChild<T = StartupSample>(request: object, timeoutMs = 15 * 60_000, file = CHILD): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", file, JSON.stringify(request)], {
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
        resolve(JSON.parse(line) as T);
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
    cases.push({ name: ix.name, kind: "measured", ...s, indexMB: s.rssSettledMB - s.rssModelMB, files: await fileSizes(ix.indexDir) });
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
    // Files grow with the chunk count; scaled from the largest measured index.
    const largest = measured.reduce((a, c) => (c.chunks > a.chunks ? c : a));
    const files = Object.fromEntries(Object.entries(largest.files ?? {}).map(([f, bytes]) => [f, Math.round((bytes * size) / largest.chunks)]));
    const tooLong = Object.entries(files).filter(([f, bytes]) => f.endsWith(".json") && bytes > MAX_STRING);
    cases.push({
      files,
      blocker: tooLong.length
        ? `${tooLong.map(([f, b]) => `${f} ≈ ${(b / 2 ** 20).toFixed(0)} MB`).join(", ")}: over V8's ${(MAX_STRING / 2 ** 20).toFixed(0)} MiB limit on one string, so the index folder can be neither written nor read at this size`
        : undefined,
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

async function fileSizes(indexDir: string): Promise<Record<string, number>> {
  const dir = await realpath(indexDir);
  const out: Record<string, number> = {};
  for (const f of await readdir(dir)) out[f] = (await stat(path.join(dir, f))).size;
  return out;
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
