// An index opened for questions: its manifest, documents and chunks in memory, read once per
// process and shared by every channel, searched through the store's backend.
import type { IdentifiedEmbeddings } from "../embeddings/types.js";
import { sentenceRanges, type SentenceRange } from "../text/sentences.js";
import type { Chunk } from "../types.js";
import { bm25Idf, type WeightedTerm } from "./bm25.js";
import { IndexUnavailableError, type Manifest } from "./manifest.js";
import type { Scored, SearchBackend } from "./search-backend.js";

export type { Scored } from "./search-backend.js";

export class LoadedIndex {
  private readonly sentenceCache = new Map<string, SentenceRange[]>();

  constructor(
    /** Where the index lives, for messages: a folder, or a Postgres table. */
    readonly where: string,
    readonly manifest: Manifest,
    private readonly documents: Map<string, string>,
    readonly chunks: Chunk[],
    private readonly backend: SearchBackend,
  ) {}

  get size(): number {
    return this.chunks.length;
  }

  document(source: string): string | undefined {
    return this.documents.get(source);
  }

  sources(): string[] {
    return [...this.documents.keys()];
  }

  hasTerm(term: string): boolean {
    return this.backend.docFreq(term) > 0;
  }

  docFreq(term: string): number {
    return this.backend.docFreq(term);
  }

  idf(term: string): number {
    return bm25Idf(this.size, this.backend.docFreq(term));
  }

  /** Nearest chunks by cosine similarity (1 = same direction). */
  dense(vector: number[], k: number): Promise<Scored[]> {
    return this.backend.dense(vector, k);
  }

  /** Exact cosines of the listed chunks. */
  cosines(vector: number[], indexes: number[]): Promise<number[]> {
    return indexes.length ? this.backend.cosines(vector, indexes) : Promise.resolve([]);
  }

  lexical(query: WeightedTerm[], k: number): Promise<Scored[]> {
    return this.backend.lexical(query, k);
  }

  /** Sentences of a document (cached), for picking quotes inside a chunk. */
  sentences(source: string): SentenceRange[] {
    let s = this.sentenceCache.get(source);
    if (!s) {
      s = sentenceRanges(this.document(source) ?? "");
      this.sentenceCache.set(source, s);
    }
    return s;
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

/** Refuses an index built with another embedding model than the configured one. */
export function checkModel(built: Manifest["embedding"], embeddings: IdentifiedEmbeddings, where: string): void {
  if (built.model !== embeddings.modelId || (embeddings.dims !== 0 && built.dims !== embeddings.dims)) {
    throw new IndexUnavailableError(
      `The index at ${where} was built with the embedding model ${built.model} (${built.dims} dims), but the configured model is ${embeddings.modelId}${embeddings.dims ? ` (${embeddings.dims} dims)` : ""}. Run \`npm run ingest\` to rebuild it, or set EMBEDDINGS / EMBEDDINGS_MODEL back.`,
    );
  }
}
