// HNSW (hnswlib-node, the library behind the index) against exact search on synthetic
// 512-dimension vectors: build time, query time and recall@10 against the exact answer, at the
// shipped settings and over a sweep of efSearch. Vectors are a clustered mixture fitted to
// USE-lite (see vectors.ts), not uniform noise.
import hnswlib from "hnswlib-node";
import { DEFAULT_HNSW } from "../src/index/manifest.js";
import { ratio, summarize } from "./stats.js";
import { ClusteredVectors, exactTopK, USE_LITE_LIKE, type ClusterSpec } from "./vectors.js";

export interface GraphSettings {
  M: number;
  efConstruction: number;
}

export interface SearchPoint {
  efSearch: number;
  msPerQuery: number;
  p95Ms: number;
  recall10: number;
  /** Exact time ÷ HNSW time. */
  speedup: number | null;
}

export interface HnswSize {
  size: number;
  M: number;
  efConstruction: number;
  queries: number;
  generateMs: number;
  buildMs: number;
  exactMsPerQuery: number;
  /** At the shipped efSearch. */
  shipped: SearchPoint;
  sweep: SearchPoint[];
}

export interface HnswSkipped {
  size: number;
  estimatedBuildMs: number;
  reason: string;
}

export interface HnswResult {
  dims: number;
  spec: ClusterSpec;
  shipped: typeof DEFAULT_HNSW;
  sizes: HnswSize[];
  skipped: HnswSkipped[];
}

export interface HnswBenchOptions {
  sizes: number[];
  /** Sizes asked for by name (run even when estimated to be slow). */
  forced?: number[];
  queries?: (size: number) => number;
  /** (M, efConstruction) pairs to build; default: the shipped one. */
  graphs?: GraphSettings[];
  efSweep?: number[];
  /** Above this estimated build time a size is skipped unless forced. */
  maxBuildMs?: number;
  spec?: ClusterSpec;
  seed?: number;
  /** Receives the vectors and graph of each size built with the shipped settings (to reuse them). */
  keep?: (size: number, mixture: ClusteredVectors, vectors: Float32Array, graph: hnswlib.HierarchicalNSW) => Promise<void> | void;
  log?: (line: string) => void;
}

export const DEFAULT_EF_SWEEP = [16, 32, 50, 64, 100, 128, 200, 256, 400];

/** Build time grows about as n·log n: the estimate for `size` from a measured one. */
export function extrapolateBuildMs(measuredSize: number, measuredMs: number, size: number): number {
  return measuredMs * (size / measuredSize) * (Math.log(size) / Math.log(measuredSize));
}

export async function benchHnsw(opts: HnswBenchOptions): Promise<HnswResult> {
  const spec = opts.spec ?? USE_LITE_LIKE;
  const d = spec.dims;
  const graphs = opts.graphs ?? [{ M: DEFAULT_HNSW.M, efConstruction: DEFAULT_HNSW.efConstruction }];
  const sweep = [...new Set([...(opts.efSweep ?? DEFAULT_EF_SWEEP), DEFAULT_HNSW.efSearch])].sort((a, b) => a - b);
  const maxBuildMs = opts.maxBuildMs ?? 10 * 60_000;
  const log = opts.log ?? (() => {});
  const result: HnswResult = { dims: d, spec, shipped: DEFAULT_HNSW, sizes: [], skipped: [] };
  let last: { size: number; ms: number } | undefined;

  for (const size of [...opts.sizes].sort((a, b) => a - b)) {
    const estimate = last ? extrapolateBuildMs(last.size, last.ms, size) : undefined;
    if (estimate !== undefined && estimate > maxBuildMs && !opts.forced?.includes(size)) {
      result.skipped.push({
        size,
        estimatedBuildMs: estimate,
        reason: `estimated build ${(estimate / 60_000).toFixed(0)} min (> ${(maxBuildMs / 60_000).toFixed(0)} min); run with --full or --sizes …,${size}`,
      });
      log(`hnsw: skipping ${size} (estimated build ${(estimate / 60_000).toFixed(1)} min)`);
      continue;
    }
    const q = opts.queries?.(size) ?? (size >= 1_000_000 ? 100 : 200);
    const tg = performance.now();
    const mixture = new ClusteredVectors(spec, size, opts.seed ?? 7);
    const vectors = mixture.sample(size, 1);
    const queryVectors = mixture.sample(q, 2);
    const generateMs = performance.now() - tg;
    const queries = Array.from({ length: q }, (_, i) => Array.from(queryVectors.subarray(i * d, (i + 1) * d)));

    log(`hnsw: exact search, ${size} vectors, ${q} queries`);
    const te = performance.now();
    const truth = queries.map((qv) => new Set(exactTopK(vectors, d, qv, 10)));
    const exactMsPerQuery = (performance.now() - te) / q;

    for (const g of graphs) {
      log(`hnsw: building ${size} vectors, M=${g.M} efConstruction=${g.efConstruction}`);
      const tb = performance.now();
      const graph = new hnswlib.HierarchicalNSW("cosine", d);
      graph.initIndex({ maxElements: size, m: g.M, efConstruction: g.efConstruction, randomSeed: 100 });
      for (let i = 0; i < size; i++) graph.addPoint(Array.from(vectors.subarray(i * d, (i + 1) * d)), i);
      const buildMs = performance.now() - tb;
      const isShipped = g.M === DEFAULT_HNSW.M && g.efConstruction === DEFAULT_HNSW.efConstruction;
      if (isShipped || !graphs.some((x) => x.M === DEFAULT_HNSW.M && x.efConstruction === DEFAULT_HNSW.efConstruction)) {
        last = { size, ms: buildMs };
      }

      const points: SearchPoint[] = [];
      for (const ef of sweep) {
        graph.setEf(ef);
        for (let i = 0; i < Math.min(10, q); i++) graph.searchKnn(queries[i]!, 10);
        const times: number[] = [];
        let found = 0;
        queries.forEach((qv, i) => {
          const t = performance.now();
          const r = graph.searchKnn(qv, 10);
          times.push(performance.now() - t);
          found += r.neighbors.filter((n) => truth[i]!.has(n)).length;
        });
        const s = summarize(times);
        points.push({ efSearch: ef, msPerQuery: s.mean, p95Ms: s.p95, recall10: found / (10 * q), speedup: ratio(exactMsPerQuery, s.mean) });
      }
      const shipped = points.find((p) => p.efSearch === DEFAULT_HNSW.efSearch)!;
      result.sizes.push({ size, ...g, queries: q, generateMs, buildMs, exactMsPerQuery, shipped, sweep: points });
      log(
        `hnsw: ${size}: build ${(buildMs / 1000).toFixed(1)} s, exact ${exactMsPerQuery.toFixed(1)} ms, ` +
          `HNSW ${shipped.msPerQuery.toFixed(2)} ms at efSearch ${shipped.efSearch}, recall@10 ${shipped.recall10.toFixed(3)}`,
      );
      if (isShipped) await opts.keep?.(size, mixture, vectors, graph);
    }
  }
  return result;
}
