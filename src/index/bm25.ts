// Okapi BM25 over the chunks, with postings built once at ingest and saved beside the HNSW
// index, so a question touches only the postings of its own terms, never the whole corpus.
import { terms } from "../text/tokenize.js";

export interface Bm25Data {
  k1: number;
  b: number;
  docLengths: number[];
  /** term → flat [chunkIndex, termFrequency, chunkIndex, termFrequency, …] */
  postings: Record<string, number[]>;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export class Bm25Index {
  private readonly postings: Map<string, number[]>;
  private readonly avgdl: number;

  constructor(private readonly data: Bm25Data) {
    this.postings = new Map(Object.entries(data.postings));
    const n = data.docLengths.length;
    this.avgdl = n ? data.docLengths.reduce((a, b) => a + b, 0) / n : 0;
  }

  static build(texts: string[], k1 = 1.2, b = 0.75): Bm25Index {
    const postings: Record<string, number[]> = Object.create(null);
    const docLengths: number[] = [];
    texts.forEach((text, i) => {
      const counts = new Map<string, number>();
      const ts = terms(text);
      for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
      docLengths.push(ts.length);
      for (const [t, tf] of counts) (postings[t] ??= []).push(i, tf);
    });
    return new Bm25Index({ k1, b, docLengths, postings });
  }

  toJSON(): Bm25Data {
    return this.data;
  }

  get size(): number {
    return this.data.docLengths.length;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Number of chunks that contain the term. */
  docFreq(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
  }

  idf(term: string): number {
    return bm25Idf(this.size, this.docFreq(term));
  }

  /** The best `limit` chunks that hold at least one query term, best first (ties: lower index first). */
  search(query: WeightedTerm[], limit: number): Array<{ index: number; score: number }> {
    return this.searchIn(this.postings, query, limit);
  }

  /**
   * search() over postings given for the query's terms (complete lists, as built here), with
   * this index's chunk lengths: how the Postgres store ranks the lists it keeps, identically.
   */
  searchIn(postings: Map<string, number[]>, query: WeightedTerm[], limit: number): Array<{ index: number; score: number }> {
    const { k1, b, docLengths } = this.data;
    // Scores accumulate in flat arrays reused by every search (a search is synchronous), and
    // only the best `limit` are kept, in order: a common term's postings can cover most of a
    // large corpus, and a Map plus a sort of every matching chunk cost far more than scoring.
    const n = docLengths.length;
    if (this.scores.length !== n) {
      this.scores = new Float64Array(n);
      this.touched = new Int32Array(n);
      this.seen = new Uint8Array(n);
      // The length part of each chunk's denominator, computed as the formula always has been.
      this.lengthNorm = Float64Array.from(docLengths, (dl) => k1 * (1 - b + (b * dl) / (this.avgdl || 1)));
    }
    const { scores, touched, seen, lengthNorm } = this;
    let count = 0;
    for (const { term, weight } of query) {
      const list = postings.get(term);
      if (!list) continue;
      const idf = bm25Idf(this.size, list.length / 2) * weight;
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        const tf = list[i + 1]!;
        const add = (idf * tf * (k1 + 1)) / (tf + lengthNorm[doc]!);
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched[count++] = doc;
        }
        scores[doc]! += add;
      }
    }
    const top: Array<{ index: number; score: number }> = [];
    for (let t = 0; t < count; t++) {
      const doc = touched[t]!;
      const score = scores[doc]!;
      scores[doc] = 0;
      seen[doc] = 0;
      if (limit <= 0) continue;
      if (top.length >= limit) {
        const last = top[top.length - 1]!;
        if (score < last.score || (score === last.score && doc > last.index)) continue;
      }
      let at = top.length;
      while (at > 0 && (score > top[at - 1]!.score || (score === top[at - 1]!.score && doc < top[at - 1]!.index))) at--;
      top.splice(at, 0, { index: doc, score });
      if (top.length > limit) top.pop();
    }
    return top;
  }

  private scores = new Float64Array(0);
  private touched = new Int32Array(0);
  private seen = new Uint8Array(0);
  private lengthNorm = new Float64Array(0);
}

/** BM25's idf, the same for every backend so that they rank alike. */
export function bm25Idf(chunks: number, docFreq: number): number {
  return Math.log(1 + (chunks - docFreq + 0.5) / (docFreq + 0.5));
}
