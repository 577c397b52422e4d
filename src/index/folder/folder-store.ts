// The default store: a versioned index folder swapped in by one rename(2) (publish.ts).
import { rm } from "node:fs/promises";
import type { IdentifiedEmbeddings } from "../../embeddings/types.js";
import { hnswIsIntact, readHnsw, readIndexContents, readManifest, writeIndexFolder } from "./index-folder.js";
import { checkModel, LoadedIndex } from "../loaded-index.js";
import { IndexUnavailableError, type Manifest } from "../manifest.js";
import { HnswBackend } from "./hnsw-backend.js";
import { cleanup, createStaging, currentVersion, lockIndex, publish } from "./publish.js";
import type { IndexContents, IndexStore, PreviousIndex } from "../store.js";

export class FolderStore implements IndexStore {
  constructor(readonly where: string) {}

  lock(): Promise<() => Promise<void>> {
    return lockIndex(this.where);
  }

  async manifest(): Promise<Manifest | undefined> {
    const dir = await currentVersion(this.where);
    return dir ? readManifest(dir) : undefined;
  }

  async previous(): Promise<PreviousIndex | undefined> {
    const dir = await currentVersion(this.where);
    return dir ? readIndexContents(dir).catch(() => undefined) : undefined;
  }

  async intact(previous: PreviousIndex, embeddings: IdentifiedEmbeddings): Promise<boolean> {
    const dir = await currentVersion(this.where);
    return dir !== undefined && hnswIsIntact(dir, embeddings, previous.manifest);
  }

  async publish(contents: IndexContents, embeddings: IdentifiedEmbeddings, beforePublish?: (staged: string) => Promise<void>): Promise<void> {
    const previousDir = await currentVersion(this.where);
    const staging = await createStaging(this.where);
    try {
      await writeIndexFolder(staging, contents, embeddings);
      await beforePublish?.(staging);
      await publish(this.where, staging);
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      throw err;
    }
    await cleanup(this.where, previousDir);
  }

  open(embeddings: IdentifiedEmbeddings): Promise<LoadedIndex> {
    return openIndex(this.where, embeddings);
  }

  async close(): Promise<void> {}
}

/** Opens the current version of an index folder. */
export async function openIndex(indexDir: string, embeddings: IdentifiedEmbeddings): Promise<LoadedIndex> {
  const dir = await currentVersion(indexDir);
  if (!dir) throw new IndexUnavailableError(`No index at ${indexDir}. Run \`npm run ingest\` to build it.`);
  const contents = await readIndexContents(dir);
  checkModel(contents.manifest.embedding, embeddings, indexDir);
  const hnsw = await readHnsw(dir, embeddings, contents.manifest);
  return new LoadedIndex(dir, contents.manifest, contents.documents, contents.chunks, new HnswBackend(contents, hnsw));
}
