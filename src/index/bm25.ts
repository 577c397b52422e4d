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
    const n = this.size;
    const df = this.docFreq(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Scores of every chunk that holds at least one query term, best first. */
  search(query: WeightedTerm[], limit: number): Array<{ index: number; score: number }> {
    const scores = new Map<number, number>();
    const { k1, b, docLengths } = this.data;
    for (const { term, weight } of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term) * weight;
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        const tf = list[i + 1]!;
        const norm = tf + k1 * (1 - b + (b * docLengths[doc]!) / (this.avgdl || 1));
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    return [...scores]
      .map(([index, score]) => ({ index, score }))
      .sort((x, y) => y.score - x.score || x.index - y.index)
      .slice(0, limit);
  }
}
