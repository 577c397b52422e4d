// What one benchmark run produces: the rows it can run, their results, and the targets they
// are checked against (report.ts).
import type { DEFAULT_HNSW } from "../src/index/manifest.js";
import type { ChineseResult } from "./chinese.js";
import type { HnswResult } from "./hnsw.js";
import type { IngestResult } from "./ingest.js";
import type { LatencyCase } from "./latency.js";
import type { LoadResult } from "./load.js";
import type { ProcessResult } from "./process.js";
import type { StartupResult } from "./startup.js";
import type { StoresResult } from "./stores.js";
import type { SyntheticIndexInfo } from "./synthetic.js";
import type { NeighbourStats } from "./vectors.js";

export const ROWS = ["ingest", "latency", "hnsw", "startup", "load", "stores", "process", "chinese"] as const;
export type RowName = (typeof ROWS)[number];

export interface Target {
  id: string;
  description: string;
  measured: number | null;
  /** "≥ 1.7", "≤ 0.5", … */
  threshold: string;
  met: boolean | null;
  note?: string;
}

export interface BenchResult {
  meta: {
    createdAt: string;
    durationMs: number;
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    memoryGB: number;
    loadAverage: number[];
    rows: RowName[];
    options: Record<string, unknown>;
  };
  settings: { hnsw: typeof DEFAULT_HNSW; embedBatch: number; workers: number };
  corpora: { large: { kind: string; documents: number; questions: number }; synthetic?: SyntheticIndexInfo };
  ingest?: IngestResult;
  latency?: { cases: LatencyCase[] };
  hnsw?: HnswResult & { calibration?: { real?: NeighbourStats; synthetic: NeighbourStats } };
  startup?: StartupResult;
  load?: LoadResult;
  stores?: StoresResult;
  process?: ProcessResult;
  chinese?: ChineseResult;
  targets: Target[];
}
