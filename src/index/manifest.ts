// The index manifest: what was indexed (file hashes, chunk ids), with which model and
// settings. Readers check it before trusting anything else in the folder.
import { TOKENIZER_VERSION } from "../text/tokenize.js";
import { IndexUnavailableError } from "../errors.js";

export const INDEX_FORMAT = "planbot-index";
// 2: documents and postings as JSON lines, the HNSW docstore without the chunk texts.
export const INDEX_VERSION = 2;

/** How documents were cut into chunks (src/ingest/splitter.ts); a change means a rebuild. */
export interface SplitterOptions {
  /** A chunk stops taking whole paragraphs once it has this many characters. */
  targetChars: number;
  /** No chunk is longer than this (a longer sentence is cut at spaces). */
  maxChars: number;
  /** Sentences repeated at the start of the next chunk when a paragraph is cut. */
  overlapSentences: number;
}

export interface HnswSettings {
  space: "cosine";
  M: number;
  efConstruction: number;
  efSearch: number;
}

/**
 * Chosen with `npm run bench -- --rows hnsw --sizes 10000,100000 --hnsw-grid …` on clustered
 * synthetic 512-dim vectors fitted to USE-lite: at 100k chunks, recall@10 0.988 against exact
 * search at about 40x less time (M 16 / efSearch 100 gave 0.886). M 32 costs ~6% more memory
 * per chunk than 16 and about the same build time; efConstruction 400 built 1.6x slower.
 */
export const DEFAULT_HNSW: HnswSettings = { space: "cosine", M: 32, efConstruction: 200, efSearch: 500 };

export interface ManifestFile {
  /** sha256 of the file's bytes. */
  hash: string;
  bytes: number;
  chunks: string[];
  /** The document's original address (front matter, canonical link, PDF metadata, .planbot-sources.json). */
  url?: string;
  /** PDF: [offset where a page's text begins, page number], in order. */
  pages?: Array<[number, number]>;
}

export interface Manifest {
  format: typeof INDEX_FORMAT;
  version: number;
  createdAt: string;
  embedding: { model: string; dims: number };
  splitter: SplitterOptions;
  hnsw: HnswSettings;
  /** Version of the tokenizer the BM25 postings were built with. */
  tokenizer: number;
  files: Record<string, ManifestFile>;
  skipped: Array<{ source: string; reason: string }>;
  chunkCount: number;
}

/** Raised when the index cannot be used; the message names the command that fixes it. */
// Where it was always imported from; the class lives with the others in errors.ts.
export { IndexUnavailableError };

export function checkManifest(raw: unknown, where: string): Manifest {
  const m = raw as Partial<Manifest> | null;
  if (!m || m.format !== INDEX_FORMAT) {
    throw new IndexUnavailableError(`${where} is not a planbot index. Run \`npm run ingest\` to build one.`);
  }
  if (m.version !== INDEX_VERSION) {
    throw new IndexUnavailableError(`${where} was built by another version of planbot (index format ${m.version}, expected ${INDEX_VERSION}). Run \`npm run ingest\` to rebuild it.`);
  }
  if (m.tokenizer !== TOKENIZER_VERSION) {
    throw new IndexUnavailableError(`${where} was built with an older tokenizer (version ${m.tokenizer}, expected ${TOKENIZER_VERSION}). Run \`npm run ingest\` to rebuild it.`);
  }
  if (!m.embedding || !m.files || typeof m.chunkCount !== "number" || !m.hnsw || !m.splitter) {
    throw new IndexUnavailableError(`${where} has an incomplete manifest. Run \`npm run ingest\` to rebuild it.`);
  }
  return m as Manifest;
}
