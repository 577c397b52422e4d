// Embeddings from any OpenAI-compatible API: POST {base}/embeddings.
import { LlmError } from "../llm/errors.js";
import { postJson, readJson } from "../llm/http.js";
import { OPENAI_DEFAULT_BASE_URL } from "../llm/http.js";
import { RemoteEmbeddings } from "./remote.js";

export const OPENAI_DEFAULT_EMBEDDINGS_MODEL = "text-embedding-3-small";

export interface OpenAiEmbeddingsOptions {
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  queryTimeoutMs: number;
}

export class OpenAiCompatibleEmbeddings extends RemoteEmbeddings {
  constructor(o: OpenAiEmbeddingsOptions) {
    super({
      provider: "openai",
      model: o.model ?? OPENAI_DEFAULT_EMBEDDINGS_MODEL,
      endpoint: {
        label: "OpenAI-compatible embeddings API",
        baseUrl: o.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
        headers: o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {},
        secrets: o.apiKey ? [o.apiKey] : [],
      },
      queryTimeoutMs: o.queryTimeoutMs,
    });
  }

  protected async request(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const res = await postJson(this.opts.endpoint, "embeddings", { model: this.opts.model, input: texts }, signal);
    const json = (await readJson(res, this.opts.endpoint, signal)) as { data?: Array<{ index?: number; embedding?: number[] }> };
    if (!Array.isArray(json?.data)) throw new LlmError("bad_response", "the embeddings API sent no data");
    return [...json.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((d) => d.embedding ?? []);
  }
}
