// The configured index store: the folder at INDEX_DIR, or Postgres (VECTOR_STORE=pgvector).
// Postgres's modules (pg, LangChain's PGVectorStore) load only when it is configured: a command
// that answers one question from a folder does not pay for them.
import type { Config } from "../config.js";
import { FolderStore } from "./folder/folder-store.js";
import type { IndexStore } from "./store.js";

export async function createIndexStore(config: Pick<Config, "indexDir" | "vectorStore">): Promise<IndexStore> {
  const s = config.vectorStore;
  if (s.kind !== "pgvector") return new FolderStore(config.indexDir);
  const { PgStore } = await import("./pg/pg-store.js");
  return new PgStore(s.url, s.tablePrefix, s);
}
