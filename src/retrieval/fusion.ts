// Ways to merge the dense and lexical rankings of the same chunks into one.

export type FusionMethod = "weighted" | "rrf";

export interface Candidate {
  index: number;
  /** Cosine similarity to the question. */
  dense: number;
  /** BM25 score (0 when the chunk shares no term with the question). */
  lexical: number;
}

/**
 * Weighted sum of normalised scores: BM25 divided by the best BM25, cosine min-max scaled
 * over the candidates. The throwaway prototype measured this above reciprocal rank fusion
 * on paraphrased questions; `npm run eval -- --fusion rrf` re-measures it.
 */
export function weightedFusion(cands: Candidate[], denseWeight: number): Map<number, number> {
  const maxLex = Math.max(0, ...cands.map((c) => c.lexical));
  const cos = cands.map((c) => c.dense);
  const lo = Math.min(...cos);
  const hi = Math.max(...cos);
  const out = new Map<number, number>();
  for (const c of cands) {
    const lex = maxLex > 0 ? c.lexical / maxLex : 0;
    const dense = hi > lo ? (c.dense - lo) / (hi - lo) : 1;
    out.set(c.index, (1 - denseWeight) * lex + denseWeight * dense);
  }
  return out;
}

/** Reciprocal rank fusion (Cormack et al.), k = 60. */
export function rrfFusion(cands: Candidate[], k = 60): Map<number, number> {
  const out = new Map<number, number>();
  const rank = (key: "dense" | "lexical") => [...cands].filter((c) => key === "dense" || c.lexical > 0).sort((a, b) => b[key] - a[key]);
  for (const list of [rank("dense"), rank("lexical")]) {
    list.forEach((c, r) => out.set(c.index, (out.get(c.index) ?? 0) + 1 / (k + r + 1)));
  }
  return out;
}
