// Copies the folder index (INDEX_DIR) into the configured Postgres (VECTOR_STORE=pgvector) as
// its new current version, vectors and all: nothing is embedded again, so moving a large index
// takes minutes of writing instead of hours of embedding. The folder is left as it is (switch
// back by unsetting VECTOR_STORE). The next `npm run ingest` against Postgres then finds every
// vector in place and embeds only what changed in the corpus since.
import type { Config } from "../config.js";
import { createEmbeddings } from "../embeddings/factory.js";
import { readIndexContents } from "./folder/index-folder.js";
import { checkModel } from "./loaded-index.js";
import { IndexUnavailableError } from "./manifest.js";
import { currentVersion } from "./folder/publish.js";
import { createIndexStore } from "./store-factory.js";

export interface MigrateReport {
  from: string;
  to: string;
  chunks: number;
  ms: number;
}

export async function migrateFolderIndex(config: Config): Promise<MigrateReport> {
  if (config.vectorStore.kind !== "pgvector") throw new Error("the folder index is copied only into Postgres (VECTOR_STORE=pgvector)");
  const t0 = performance.now();
  const dir = await currentVersion(config.indexDir);
  if (!dir) throw new IndexUnavailableError(`No index in ${config.indexDir} to copy. Run \`npm run ingest\` with VECTOR_STORE=hnsw first, or ingest into Postgres directly.`);
  const contents = await readIndexContents(dir);
  // The model is not loaded: it is only checked against the one the index was built with.
  const embeddings = createEmbeddings(config, { forIngest: false });
  const store = await createIndexStore(config);
  try {
    checkModel(contents.manifest.embedding, embeddings, config.indexDir);
    const release = await store.lock();
    try {
      await store.publish(contents, embeddings);
    } finally {
      await release();
    }
  } finally {
    await Promise.all([embeddings.close(), store.close()]);
  }
  return { from: config.indexDir, to: store.where, chunks: contents.chunks.length, ms: performance.now() - t0 };
}
