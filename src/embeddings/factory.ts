// Picks the embedding model from the configuration: the local one (in node_modules), or a
// provider's LangChain Embeddings class from planbot's table (src/llm/providers.ts).
import os from "node:os";
import type { Embeddings } from "@langchain/core/embeddings";
import { ConfigError, type Config } from "../config.js";
import { hostOf, missingPackage, PROVIDERS, providerInfo, type Connection } from "../llm/providers.js";
import { LocalEmbeddings } from "./local.js";
import { ProviderEmbeddings } from "./provider-embeddings.js";
import type { IdentifiedEmbeddings } from "./types.js";

export interface EmbeddingsPurpose {
  /** Ingest embeds many documents (worker pool); serving embeds one question at a time. */
  forIngest: boolean;
}

export function createEmbeddings(config: Config, purpose: EmbeddingsPurpose): IdentifiedEmbeddings {
  if (config.embeddings === "local") {
    const workers = purpose.forIngest ? (config.embedWorkers >= 0 ? config.embedWorkers : os.availableParallelism()) : 0;
    return new LocalEmbeddings({ workers });
  }
  const provider = config.embeddings;
  const info = providerInfo(provider);
  const cls = info.embeddings;
  if (!cls) {
    const known = Object.keys(PROVIDERS).filter((p) => PROVIDERS[p]!.embeddings);
    throw new ConfigError("EMBEDDINGS", `planbot does not know the embeddings class of "${provider}"; use local, ${known.join(", ")}`);
  }
  const model = config.embeddingsModel ?? cls.defaultModel;
  if (!model) throw new ConfigError("EMBEDDINGS", `name the model: EMBEDDINGS=${provider}:<model> (or set EMBEDDINGS_MODEL)`);
  const connection: Connection = provider === "openai" ? { baseUrl: config.openaiBaseUrl, apiKey: config.openaiApiKey } : provider === "ollama" ? { baseUrl: config.ollamaBaseUrl } : {};
  const baseUrl = connection.baseUrl ?? info.defaultBaseUrl;
  return new ProviderEmbeddings({
    provider,
    model,
    hostName: baseUrl ? hostName(baseUrl) : "default",
    source: { label: `${info.label} (embeddings)`, host: baseUrl ? hostOf(baseUrl) : "default", secrets: connection.apiKey ? [connection.apiKey] : [] },
    queryTimeoutMs: config.llmTimeoutMs,
    load: async () => {
      let mod: Record<string, new (fields: Record<string, unknown>) => Embeddings>;
      try {
        mod = await import(cls.package);
      } catch (err) {
        const fix = missingPackage(err, cls.package);
        throw fix ? new ConfigError("EMBEDDINGS", `the provider's package is not installed; run \`${fix}\``) : err;
      }
      // Retries are planbot's (ProviderEmbeddings), which honour Retry-After.
      return new mod[cls.className]!({ model, ...cls.fields, ...info.connect(connection), maxRetries: 0 });
    },
  });
}

/** The host name of a URL (no port, no credentials): what identifies the server for an index. */
function hostName(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "unknown-host";
  }
}
