import type { Embeddings } from "@langchain/core/embeddings";

/** A LangChain Embeddings that says which model it is, so an index can refuse another one. */
export interface IdentifiedEmbeddings extends Embeddings {
  readonly modelId: string;
  /** Vector size; a remote model may report 0 until warmUp() (or its first call) has learned it. */
  readonly dims: number;
  /** Batches that can usefully run at once (worker threads, or parallel API calls). */
  readonly parallelism: number;
  /** Texts per embedDocuments call that suit the model (the ingest default is 32). */
  readonly batchSize?: number;
  warmUp(): Promise<void>;
  close(): Promise<void>;
}
