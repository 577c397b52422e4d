// Picks the embedding model from the configuration.
import os from "node:os";
import { ConfigError, type Config } from "../config.js";
import { LocalEmbeddings } from "./local.js";
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
    default:
      throw new ConfigError("EMBEDDINGS", `EMBEDDINGS=${config.embeddings} is not available yet; use EMBEDDINGS=local`);
  }
}
