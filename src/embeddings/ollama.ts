// Embeddings from Ollama: POST {base}/api/embed with a list of inputs.
import { LlmError } from "../llm/errors.js";
import { postJson, readJson } from "../llm/http.js";
import { RemoteEmbeddings } from "./remote.js";

export const OLLAMA_DEFAULT_EMBEDDINGS_MODEL = "nomic-embed-text";

export interface OllamaEmbeddingsOptions {
  model?: string;
  baseUrl: string;
  queryTimeoutMs: number;
}

export class OllamaEmbeddings extends RemoteEmbeddings {
  constructor(o: OllamaEmbeddingsOptions) {
    super({
      provider: "ollama",
      model: o.model ?? OLLAMA_DEFAULT_EMBEDDINGS_MODEL,
      endpoint: { label: "Ollama server", baseUrl: o.baseUrl, secrets: [] },
      queryTimeoutMs: o.queryTimeoutMs,
    });
  }

  protected async request(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const res = await postJson(this.opts.endpoint, "api/embed", { model: this.opts.model, input: texts }, signal);
    const json = (await readJson(res, this.opts.endpoint, signal)) as { embeddings?: number[][]; error?: unknown };
    if (!Array.isArray(json?.embeddings)) throw new LlmError("bad_response", "the Ollama server sent no embeddings");
    return json.embeddings;
  }
}
