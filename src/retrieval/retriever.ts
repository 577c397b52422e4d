// question → passages: BM25 over the expanded question and HNSW over its embedding, merged.
import type { IdentifiedEmbeddings } from "../embeddings/types.js";
import type { LoadedIndex } from "../index/loaded-index.js";
import type { Passage } from "../types.js";
import { rrfFusion, weightedFusion, type Candidate, type FusionMethod } from "./fusion.js";
import { analyzeQuery } from "./analyze-query.js";
import type { AnalyzedQuery } from "./query.js";

export type RetrieverMode = "hybrid" | "dense" | "lexical";

export interface RetrievalSettings {
  mode: RetrieverMode;
  fusion: FusionMethod;
  /** Share of the dense score in the weighted fusion. */
  denseWeight: number;
  /** Candidates taken from each retriever before fusion. */
  candidates: number;
  /** Passages handed to the answerer. */
  k: number;
}

export const DEFAULT_RETRIEVAL: RetrievalSettings = {
  mode: "hybrid",
  fusion: "weighted",
  denseWeight: 0.3,
  candidates: 30,
  k: 6,
};

export interface Retrieval {
  query: AnalyzedQuery;
  passages: Passage[];
  embedMs: number;
  searchMs: number;
}

export class Retriever {
  constructor(
    private readonly index: LoadedIndex,
    private readonly embeddings: IdentifiedEmbeddings,
    readonly settings: RetrievalSettings = DEFAULT_RETRIEVAL,
  ) {}

  async retrieve(question: string, overrides: Partial<RetrievalSettings> = {}): Promise<Retrieval> {
    const s = { ...this.settings, ...overrides };
    const query = analyzeQuery(question, (t) => this.index.hasTerm(t));
    const t0 = performance.now();
    // The lexical-only baseline must not pay for (or depend on) the embedding model.
    // query.text: a Chinese question is embedded through its English rendering (the model reads English).
    const vector = s.mode === "lexical" ? undefined : await this.embeddings.embedQuery(query.text);
    const t1 = performance.now();

    // Both searches at once: with a database behind them they are two round trips.
    const [lexHits, denseHits] = await Promise.all([s.mode === "dense" ? [] : this.index.lexical(query.terms, s.candidates), vector ? this.index.dense(vector, s.candidates) : []]);
    const byIndex = new Map<number, Candidate>();
    for (const h of lexHits) byIndex.set(h.index, { index: h.index, lexical: h.score, dense: 0 });
    for (const h of denseHits) {
      const c = byIndex.get(h.index);
      if (c) c.dense = h.score;
      else byIndex.set(h.index, { index: h.index, lexical: 0, dense: h.score });
    }
    if (vector) {
      // Lexical hits outside the dense top list still get their exact cosine.
      const missing = [...byIndex.values()].filter((c) => c.dense === 0);
      const cosines = await this.index.cosines(
        vector,
        missing.map((c) => c.index),
      );
      missing.forEach((c, j) => (c.dense = cosines[j]!));
    }
    const cands = [...byIndex.values()];
    let fused: Map<number, number>;
    if (s.mode === "dense") fused = new Map(cands.map((c) => [c.index, c.dense]));
    else if (s.mode === "lexical") fused = new Map(cands.map((c) => [c.index, c.lexical]));
    else fused = s.fusion === "rrf" ? rrfFusion(cands) : weightedFusion(cands, s.denseWeight);

    const passages = cands
      .map((c) => ({ chunk: this.index.chunks[c.index]!, score: fused.get(c.index) ?? 0, dense: c.dense, lexical: c.lexical }))
      .sort((a, b) => b.score - a.score || a.chunk.start - b.chunk.start)
      .slice(0, s.k);
    return { query, passages, embedMs: t1 - t0, searchMs: performance.now() - t1 };
  }
}
