// Search over an index folder: the HNSW graph through LangChain's HNSWLib, exact cosines from
// the stored vectors, BM25 from the saved postings. All in memory, read once per process.
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { WeightedTerm } from "../bm25.js";
import type { Scored, SearchBackend } from "../search-backend.js";
import type { IndexContents } from "../store.js";

export class HnswBackend implements SearchBackend {
  constructor(
    private readonly contents: IndexContents,
    private readonly hnsw: HNSWLib,
  ) {}

  async dense(vector: number[], k: number): Promise<Scored[]> {
    const n = Math.min(k, this.contents.chunks.length);
    if (n === 0) return [];
    const hits = await this.hnsw.similaritySearchVectorWithScore(vector, n);
    return hits.map(([doc, distance]) => ({ index: doc.metadata.i as number, score: 1 - distance }));
  }

  async cosines(vector: number[], indexes: number[]): Promise<number[]> {
    // Vectors are stored unit length: the cosine is the dot product.
    const dims = this.contents.manifest.embedding.dims;
    const v = this.contents.vectors;
    return indexes.map((index) => {
      let dot = 0;
      for (let d = 0, o = index * dims; d < dims; d++) dot += vector[d]! * v[o + d]!;
      return dot;
    });
  }

  async lexical(query: WeightedTerm[], k: number): Promise<Scored[]> {
    return this.contents.lexical.search(query, k);
  }

  docFreq(term: string): number {
    return this.contents.lexical.docFreq(term);
  }

  async close(): Promise<void> {}
}
