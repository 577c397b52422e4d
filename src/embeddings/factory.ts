// Picks the embedding model from the configuration.
import os from "node:os";
import { ConfigError, type Config } from "../config.js";
import { LocalEmbeddings } from "./local.js";
import { OllamaEmbeddings } from "./ollama.js";
import { OpenAiCompatibleEmbeddings } from "./openai.js";
import type { IdentifiedEmbeddings } from "./types.js";

export interface EmbeddingsPurpose {
  /** Ingest embeds many documents (worker pool); serving embeds one question at a time. */
  forIngest: boolean;
}

export function createEmbeddings(config: Config, purpose: EmbeddingsPurpose): IdentifiedEmbeddings {
  switch (config.embeddings) {
    case "local": {
      const workers = purpose.forIngest
        ? config.embedWorkers >= 0
          ? config.embedWorkers
          : os.availableParallelism()
        : 0;
      return new LocalEmbeddings({ workers });
    }
    case "openai":
      return new OpenAiCompatibleEmbeddings({
        model: config.embeddingsModel,
        baseUrl: config.openaiBaseUrl,
        apiKey: config.openaiApiKey,
        queryTimeoutMs: config.llmTimeoutMs,
      });
    case "ollama":
      return new OllamaEmbeddings({ model: config.embeddingsModel, baseUrl: config.ollamaBaseUrl, queryTimeoutMs: config.llmTimeoutMs });
    default:
      throw new ConfigError("EMBEDDINGS", `unknown provider "${String(config.embeddings)}"; use local, openai or ollama`);
  }
}
