// The hybrid retriever as a LangChain retriever: invoke(question) → Document[] (the passage's
// text, with source, start, end and score in metadata), so LangChain users can put it in their
// own chains, and planbot's own answer chain reports its retrieval as a retriever run.
import { AsyncLocalStorage } from "node:async_hooks";
import { Document } from "@langchain/core/documents";
import type { RunnableConfig } from "@langchain/core/runnables";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { Passage } from "../types.js";
import type { Retrieval, RetrievalSettings, Retriever } from "./retriever.js";

export interface PassageMetadata {
  source: string;
  /** The passage is `text.slice(start, end)` of its source's loaded text. */
  start: number;
  end: number;
  /** The fused score that ranked it. */
  score: number;
  dense?: number;
  lexical?: number;
  id: string;
  heading?: string;
}

/** One call's settings in, its whole Retrieval out (LangChain's invoke returns only documents). */
interface Call {
  overrides: Partial<RetrievalSettings>;
  result?: Retrieval;
}

export class HybridRetriever extends BaseRetriever {
  static override lc_name(): string {
    return "PlanbotHybridRetriever";
  }

  lc_namespace = ["planbot", "retrievers"];
  private readonly call = new AsyncLocalStorage<Call>();

  constructor(
    private readonly retriever: Retriever,
    fields?: BaseRetrieverInput,
  ) {
    super(fields);
  }

  override async _getRelevantDocuments(question: string): Promise<Document<PassageMetadata>[]> {
    const call = this.call.getStore();
    const retrieval = await this.retriever.retrieve(question, call?.overrides);
    if (call) call.result = retrieval;
    return retrieval.passages.map(toDocument);
  }

  /** The whole retrieval (analysed query, timings), run as invoke() so callbacks and tracing see it. */
  async retrieve(question: string, overrides: Partial<RetrievalSettings> = {}, config?: RunnableConfig): Promise<Retrieval> {
    const call: Call = { overrides };
    await this.call.run(call, () => this.invoke(question, config));
    return call.result!;
  }
}

export function toDocument(p: Passage): Document<PassageMetadata> {
  const { chunk } = p;
  return new Document<PassageMetadata>({
    pageContent: chunk.text,
    id: chunk.id,
    metadata: { source: chunk.source, start: chunk.start, end: chunk.end, score: p.score, dense: p.dense, lexical: p.lexical, id: chunk.id, heading: chunk.heading },
  });
}
