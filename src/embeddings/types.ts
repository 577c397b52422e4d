import type { Embeddings } from "@langchain/core/embeddings";

/** A LangChain Embeddings that says which model it is, so an index can refuse another one. */
export interface IdentifiedEmbeddings extends Embeddings {
  readonly modelId: string;
  readonly dims: number;
  /** Batches that can usefully run at once (worker threads, or parallel API calls). */
  readonly parallelism: number;
  warmUp(): Promise<void>;
  close(): Promise<void>;
}
