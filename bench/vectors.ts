// Synthetic embedding vectors for the HNSW measurements, and exact (brute-force) search to
// score them against.
//
// Uniformly random 512-dimension vectors are a worst case that real sentence embeddings never
// are: all their pairwise distances are nearly equal, so "the 10 nearest" is almost arbitrary
// and graph search struggles. Real embeddings are clustered and share directions. These are a
// mixture of Gaussians, normalised to unit length:
//
//   x = normalise(common · a + centre · c_k + Σ_j σ_j z_j u_j + noise · g)
//
// a: one direction all vectors share; c_k: the centre of component k (one per `perCluster`
// points, like the chunks of one document); u_j: a few shared directions of variation with a
// decaying spread σ_j = latentScale · j^-latentDecay; g: isotropic noise in all dimensions.
// USE_LITE_LIKE was fitted to USE-lite vectors of the TAT-QA paragraphs (1,242 distinct
// chunks): mean cosine of random pairs 0.56; of the 1st / 10th / 100th nearest neighbour
// 0.87 / 0.80 / 0.72; local intrinsic dimension (from the 20 nearest) 15.6. At that size the
// mixture gives 0.45; 0.87 / 0.80 / 0.72; 15.2. Too few components (large `perCluster`) makes
// HNSW's job easy, many tiny ones make it hard; the real figures sit between. The bench prints
// both sets of figures for its own large corpus (`neighbourStats`).
import { gaussian, mixSeed, seededRandom } from "./stats.js";

export interface ClusterSpec {
  dims: number;
  /** Average points per mixture component. */
  perCluster: number;
  /** Weight of the direction every vector shares. */
  common: number;
  /** Weight of a component's centre. */
  centre: number;
  /** Shared directions of variation inside components, and their spread. */
  latentRank: number;
  latentScale: number;
  latentDecay: number;
  /** Weight of isotropic noise (norm ≈ noise). */
  noise: number;
}

export const USE_LITE_LIKE: ClusterSpec = {
  dims: 512,
  perCluster: 50,
  common: 1,
  centre: 0.44,
  latentRank: 32,
  latentScale: 0.78,
  latentDecay: 0.86,
  noise: 0.23,
};

/** One mixture: its components depend on the seed and the number of points it is sized for. */
export class ClusteredVectors {
  readonly clusters: number;
  private readonly common: Float32Array;
  private readonly latent: Float32Array;
  private readonly sigma: Float64Array;
  private readonly centres: Float32Array;

  constructor(
    readonly spec: ClusterSpec,
    sizedFor: number,
    readonly seed = 1,
  ) {
    const d = spec.dims;
    this.clusters = Math.max(1, Math.ceil(sizedFor / spec.perCluster));
    const g = gaussian(seededRandom(mixSeed(seed, 0)));
    this.common = unit(Float32Array.from({ length: d }, g));
    const scale = 1 / Math.sqrt(d);
    this.latent = Float32Array.from({ length: spec.latentRank * d }, () => g() * scale);
    this.sigma = Float64Array.from({ length: spec.latentRank }, (_, j) => spec.latentScale * (j + 1) ** -spec.latentDecay);
    this.centres = new Float32Array(this.clusters * d);
    for (let k = 0; k < this.clusters; k++) {
      const gk = gaussian(seededRandom(mixSeed(seed, k + 1)));
      const c = this.centres.subarray(k * d, (k + 1) * d);
      for (let i = 0; i < d; i++) c[i] = gk();
      unit(c);
    }
  }

  /** `n` unit vectors drawn from the mixture; `stream` picks an independent sample. */
  sample(n: number, stream: number): Float32Array {
    const { dims: d, latentRank: r, common, centre, noise } = this.spec;
    const rand = seededRandom(mixSeed(this.seed ^ 0x5bd1e995, stream));
    const g = gaussian(rand);
    const out = new Float32Array(n * d);
    const x = new Float64Array(d);
    const noiseScale = noise / Math.sqrt(d);
    for (let p = 0; p < n; p++) {
      const k = Math.floor(rand() * this.clusters);
      const c = this.centres.subarray(k * d, (k + 1) * d);
      for (let i = 0; i < d; i++) x[i] = common * this.common[i]! + centre * c[i]! + noiseScale * g();
      for (let j = 0; j < r; j++) {
        const coef = this.sigma[j]! * g();
        const u = this.latent.subarray(j * d, (j + 1) * d);
        for (let i = 0; i < d; i++) x[i]! += coef * u[i]!;
      }
      let norm = 0;
      for (let i = 0; i < d; i++) norm += x[i]! * x[i]!;
      const inv = 1 / Math.sqrt(norm);
      const o = p * d;
      for (let i = 0; i < d; i++) out[o + i] = x[i]! * inv;
    }
    return out;
  }
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** Indices of the k vectors with the highest dot product (= cosine, unit vectors), best first. */
export function exactTopK(vectors: Float32Array, dims: number, query: ArrayLike<number>, k: number): number[] {
  const n = vectors.length / dims;
  const q = Float32Array.from(query);
  const bestIdx = new Int32Array(k).fill(-1);
  const bestScore = new Float64Array(k).fill(-Infinity);
  for (let p = 0; p < n; p++) {
    const o = p * dims;
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += q[i]! * vectors[o + i]!;
    if (dot <= bestScore[k - 1]!) continue;
    let j = k - 1;
    while (j > 0 && bestScore[j - 1]! < dot) {
      bestScore[j] = bestScore[j - 1]!;
      bestIdx[j] = bestIdx[j - 1]!;
      j--;
    }
    bestScore[j] = dot;
    bestIdx[j] = p;
  }
  return Array.from(bestIdx).filter((i) => i >= 0);
}

export interface NeighbourStats {
  points: number;
  /** Mean cosine of random pairs. */
  randomPair: number;
  /** Mean cosine of each point's 1st, 10th and 100th nearest other point. */
  nn1: number;
  nn10: number;
  nn100: number;
  /** Local intrinsic dimension (maximum-likelihood estimate from the 20 nearest neighbours, median). */
  lid: number;
}

/** Neighbour statistics of (at most `limit` points of) a set of unit vectors, exactly. */
export function neighbourStats(vectors: Float32Array, dims: number, limit = 1500): NeighbourStats {
  const n = Math.min(limit, vectors.length / dims);
  const sims = new Float64Array(n);
  let pairSum = 0;
  const nn = [0, 0, 0];
  const ranks = [0, 9, 99];
  const lids: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let dot = 0;
      for (let i = 0; i < dims; i++) dot += vectors[a * dims + i]! * vectors[b * dims + i]!;
      sims[b] = a === b ? -Infinity : dot;
      if (a !== b) pairSum += dot;
    }
    const sorted = Array.from(sims).sort((x, y) => y - x);
    ranks.forEach((r, i) => (nn[i]! += sorted[Math.min(r, n - 2)]!));
    // Distances of unit vectors: sqrt(2 − 2·cos). Exact duplicates (distance 0) are skipped.
    const dist = sorted
      .slice(0, Math.min(20, n - 1))
      .map((c) => Math.sqrt(Math.max(0, 2 - 2 * c)))
      .filter((dd) => dd > 1e-6);
    const far = dist[dist.length - 1];
    if (dist.length >= 3 && far) {
      const mean = dist.slice(0, -1).reduce((acc, dd) => acc + Math.log(dd / far), 0) / (dist.length - 1);
      if (mean < 0) lids.push(-1 / mean);
    }
  }
  lids.sort((p, q) => p - q);
  return {
    points: n,
    randomPair: n > 1 ? pairSum / (n * (n - 1)) : NaN,
    nn1: nn[0]! / n,
    nn10: nn[1]! / n,
    nn100: nn[2]! / n,
    lid: lids.length ? lids[Math.floor(lids.length / 2)]! : NaN,
  };
}
