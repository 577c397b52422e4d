// The configured index store: the folder at INDEX_DIR, or Postgres (VECTOR_STORE=pgvector).
import type { Config } from "../config.js";
import { FolderStore } from "./folder-store.js";
import { PgStore } from "./pg/pg-store.js";
import type { IndexStore } from "./store.js";

export function createIndexStore(config: Pick<Config, "indexDir" | "vectorStore">): IndexStore {
  const s = config.vectorStore;
  return s.kind === "pgvector" ? new PgStore(s.url, s.tablePrefix, s.poolMax) : new FolderStore(config.indexDir);
}
