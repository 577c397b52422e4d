// Where an index lives: a versioned folder on disk (the default) or tables in Postgres with
// pgvector. The ingest pipeline and Qa see only this interface, so both stores take the same
// code path and give the same answers.
import type { IdentifiedEmbeddings } from "../embeddings/types.js";
import type { Chunk } from "../types.js";
import type { Bm25Index } from "./bm25.js";
import type { LoadedIndex } from "./loaded-index.js";
import type { Manifest } from "./manifest.js";

/** A whole index version: what an ingest publishes and a store keeps. */
export interface IndexContents {
  manifest: Manifest;
  documents: Map<string, string>;
  chunks: Chunk[];
  /** Unit-length vectors, chunk i at [i * dims, (i + 1) * dims). */
  vectors: Float32Array;
  lexical: Bm25Index;
}

/** What an incremental ingest reuses from the current version. */
export type PreviousIndex = Pick<IndexContents, "manifest" | "documents" | "chunks" | "vectors">;

/** Another ingest holds the store's ingest lock (the class lives with the others in errors.ts). */
export { IndexLockedError } from "../errors.js";

export interface IndexStore {
  /** For messages: the folder, or the Postgres server and table prefix (never a password). */
  readonly where: string;
  /** Takes the ingest lock; throws IndexLockedError while another ingest holds it. */
  lock(): Promise<() => Promise<void>>;
  /** The current version's manifest; undefined when there is none; IndexUnavailableError when damaged. */
  manifest(): Promise<Manifest | undefined>;
  /** The current version's contents for reuse, or undefined when there is none or it is unreadable. */
  previous(): Promise<PreviousIndex | undefined>;
  /** Whether the current version's search structures are whole (a damaged one is rebuilt). */
  intact(previous: PreviousIndex, embeddings: IdentifiedEmbeddings): Promise<boolean>;
  /**
   * Writes a complete new version and makes it the current one in one atomic step; the
   * version before it is kept for readers that opened it. `beforePublish` runs between.
   */
  publish(contents: IndexContents, embeddings: IdentifiedEmbeddings, beforePublish?: (staged: string) => Promise<void>): Promise<void>;
  /** Opens the current version for questions; refuses one built with another model. */
  open(embeddings: IdentifiedEmbeddings): Promise<LoadedIndex>;
  close(): Promise<void>;
}
