// load → split → embed → index. Incremental (vectors of unchanged text are reused, never
// re-embedded) and atomic (a complete new version is written beside the old and swapped in).
import { createHash } from "node:crypto";
import type { IdentifiedEmbeddings } from "../embeddings/types.js";
import { Bm25Index } from "../index/bm25.js";
import { FolderStore } from "../index/folder/folder-store.js";
import { DEFAULT_HNSW, INDEX_FORMAT, INDEX_VERSION, type HnswSettings, type Manifest, type ManifestFile, type SplitterOptions } from "../index/manifest.js";
import type { IndexStore, PreviousIndex } from "../index/store.js";
import type { Chunk } from "../types.js";
import { isSupported, loadBytes, readBytes, type DocumentMeta } from "./loaders/index.js";
import { readSourcesMap, SOURCES_MAP_FILE } from "./sources-map.js";
import { DEFAULT_SPLITTER, embeddingText, splitDocument } from "./splitter.js";
import { lexicalText } from "../text/lexical-text.js";
import { walkCorpus } from "./walk.js";
import { TOKENIZER_VERSION } from "../text/tokenize.js";

export interface IngestOptions {
  corpusDir: string;
  /** Follow symlinks that lead outside corpusDir (off: they are skipped with a reason). */
  followSymlinksOutside?: boolean;
  /** The index folder, when `store` is not given. */
  indexDir?: string;
  /** Where the index is written (default: a FolderStore at indexDir). */
  store?: IndexStore;
  embeddings: IdentifiedEmbeddings;
  splitter?: SplitterOptions;
  hnsw?: HnswSettings;
  /** Called after each embedded batch. */
  onProgress?: (done: number, total: number) => void;
  /** Rebuild everything (every vector embedded again) even when nothing changed. */
  force?: boolean;
  /** Runs after the new version is fully written and before it is swapped in (tests use it). */
  beforePublish?: (staged: string) => Promise<void>;
}

export interface IngestReport {
  documents: number;
  chunks: number;
  embedded: number;
  reused: number;
  skipped: Array<{ file: string; reason: string }>;
  /** Where the index was written (the folder, or the database without its password). */
  where: string;
  /** True when the corpus had not changed and the index was left as it was. */
  upToDate: boolean;
  ms: number;
}

const BATCH = 32;

export async function ingest(opts: IngestOptions): Promise<IngestReport> {
  const t0 = performance.now();
  // The manifest's time is when the corpus was read: a file changed during the ingest is newer.
  const startedAt = new Date().toISOString();
  const splitter = opts.splitter ?? DEFAULT_SPLITTER;
  const hnsw = opts.hnsw ?? DEFAULT_HNSW;
  const { embeddings } = opts;
  const store = opts.store ?? new FolderStore(requireIndexDir(opts.indexDir));
  const unlock = await store.lock();
  try {
    const previous = await store.previous();
    const sameModel = previous?.manifest.embedding.model === embeddings.modelId;

    // load
    const { files, skipped: walkSkips } = await walkCorpus(opts.corpusDir, { followOutside: opts.followSymlinksOutside });
    const skipped = walkSkips.map((s) => ({ file: s.source, reason: s.reason }));
    const documents = new Map<string, string>();
    const fileInfo: Manifest["files"] = {};
    const sourceUrls = await readSourcesMap(opts.corpusDir);
    if (sourceUrls.problem) skipped.push({ file: SOURCES_MAP_FILE, reason: sourceUrls.problem });
    for (const f of files) {
      if (!isSupported(f.source)) {
        skipped.push({ file: f.source, reason: `unsupported file type (${f.source.split(".").pop()})` });
        continue;
      }
      const read = await readBytes(f.absPath);
      if (!read.ok) {
        skipped.push({ file: f.source, reason: read.reason });
        continue;
      }
      const hash = createHash("sha256").update(read.bytes).digest("hex");
      const known = previous?.manifest.files[f.source];
      // An unchanged file keeps its loaded text: no second parse of a big PDF.
      const text = known?.hash === hash ? previous!.documents.get(f.source) : undefined;
      const loaded = text !== undefined ? { ok: true as const, text, meta: { url: known!.url, pages: known!.pages } } : await loadBytes(f.source, read.bytes);
      if (!loaded.ok) {
        skipped.push({ file: f.source, reason: loaded.reason });
        continue;
      }
      documents.set(f.source, loaded.text);
      fileInfo[f.source] = { hash, bytes: read.bytes.length, chunks: [], ...documentMeta(loaded.meta, sourceUrls.urls.get(f.source)) };
    }

    // A corpus with nothing loadable (an unmounted folder, every file refused) never replaces an index.
    if (documents.size === 0) {
      const why = skipped
        .slice(0, 3)
        .map((s) => `${s.file}: ${s.reason}`)
        .join("; ");
      throw new Error(
        `no document could be loaded from ${opts.corpusDir}${why ? ` (${skipped.length} skipped: ${why}${skipped.length > 3 ? "; …" : ""})` : " (it holds no files)"}; the index was left as it was`,
      );
    }

    // split
    const chunks: Chunk[] = [];
    for (const [source, text] of documents) {
      const own = splitDocument(source, text, splitter);
      fileInfo[source]!.chunks = own.map((c) => c.id);
      chunks.push(...own);
    }

    const unchanged =
      !opts.force &&
      previous !== undefined &&
      sameModel &&
      JSON.stringify(previous.manifest.splitter) === JSON.stringify(splitter) &&
      JSON.stringify(previous.manifest.hnsw) === JSON.stringify(hnsw) &&
      previous.manifest.tokenizer === TOKENIZER_VERSION &&
      sameFiles(previous.manifest.files, fileInfo) &&
      // A damaged graph is rebuilt even when the corpus did not change.
      (await store.intact(previous, embeddings));
    if (unchanged) {
      return report(store.where, documents.size, chunks.length, 0, chunks.length, skipped, true, t0);
    }

    // embed (only text whose vector the previous index does not already hold)
    if (embeddings.dims === 0) await embeddings.warmUp(); // a remote model learns its vector size
    const dims = embeddings.dims;
    const vectors = new Float32Array(chunks.length * dims);
    const reusable = sameModel && previous && !opts.force ? vectorsByText(previous) : new Map<string, Float32Array>();
    const todo: number[] = [];
    chunks.forEach((c, i) => {
      const v = reusable.get(textKey(embeddingText(c)));
      if (v) vectors.set(v, i * dims);
      else todo.push(i);
    });
    await embedAll(embeddings, chunks, todo, vectors, opts.onProgress);

    // index
    const manifest: Manifest = {
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      createdAt: startedAt,
      embedding: { model: embeddings.modelId, dims },
      splitter,
      hnsw,
      tokenizer: TOKENIZER_VERSION,
      files: fileInfo,
      // A problem with the sources map is reported, but it is no corpus file (staleness.ts compares these).
      skipped: skipped.filter((s) => s.file !== SOURCES_MAP_FILE).map((s) => ({ source: s.file, reason: s.reason })),
      chunkCount: chunks.length,
    };
    const lexical = Bm25Index.build(chunks.map(lexicalText));
    await store.publish({ manifest, documents, chunks, vectors, lexical }, embeddings, opts.beforePublish);
    return report(store.where, documents.size, chunks.length, todo.length, chunks.length - todo.length, skipped, false, t0);
  } finally {
    await unlock();
  }
}

async function embedAll(embeddings: IdentifiedEmbeddings, chunks: Chunk[], todo: number[], out: Float32Array, onProgress?: (done: number, total: number) => void): Promise<void> {
  const dims = embeddings.dims;
  // A text that occurs more than once (a repeated disclaimer, a table row) is embedded once.
  const firstWith = new Map<string, number>();
  const unique: number[] = [];
  const copies: Array<{ from: number; to: number }> = [];
  for (const i of todo) {
    const text = embeddingText(chunks[i]!);
    const first = firstWith.get(text);
    if (first === undefined) {
      firstWith.set(text, i);
      unique.push(i);
    } else copies.push({ from: first, to: i });
  }
  const batches = embeddingBatches(unique, (i) => embeddingText(chunks[i]!).length, embeddings.parallelism, embeddings.batchSize);
  let done = 0;
  onProgress?.(0, todo.length);
  // Keep every worker busy: a couple of batches in flight per worker.
  let next = 0;
  const lanes = Array.from({ length: Math.min(batches.length, embeddings.parallelism * 2) }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const vecs = await embeddings.embedDocuments(batch.map((i) => embeddingText(chunks[i]!)));
      if (vecs.length !== batch.length || vecs.some((v) => v.length !== dims)) {
        throw new Error(`the embedding model returned ${vecs.length} vectors of ${vecs[0]?.length} dims; expected ${batch.length} of ${dims}`);
      }
      batch.forEach((ci, k) => out.set(vecs[k]!, ci * dims));
      done += batch.length;
      onProgress?.(done, todo.length);
    }
  });
  await Promise.all(lanes);
  for (const { from, to } of copies) out.copyWithin(to * dims, from * dims, (from + 1) * dims);
  if (copies.length) onProgress?.(todo.length, todo.length);
}

/**
 * The embedding calls for `todo`: texts ordered by length (a model that pads a call to its
 * longest text wastes little), in calls of `size`, made smaller when that keeps every lane busy.
 */
export function embeddingBatches(todo: number[], lengthOf: (i: number) => number, parallelism = 1, size = BATCH): number[][] {
  const per = Math.max(1, Math.min(size, Math.ceil(todo.length / Math.max(1, parallelism))));
  const ordered = todo.map((i) => ({ i, len: lengthOf(i) })).sort((a, b) => a.len - b.len || a.i - b.i);
  const batches: number[][] = [];
  for (let k = 0; k < ordered.length; k += per) batches.push(ordered.slice(k, k + per).map((o) => o.i));
  return batches;
}

function requireIndexDir(indexDir: string | undefined): string {
  if (!indexDir) throw new Error("ingest needs an index folder or a store");
  return indexDir;
}

function vectorsByText(prev: PreviousIndex): Map<string, Float32Array> {
  const dims = prev.manifest.embedding.dims;
  const map = new Map<string, Float32Array>();
  prev.chunks.forEach((c, i) => map.set(textKey(embeddingText(c)), prev.vectors.subarray(i * dims, (i + 1) * dims)));
  return map;
}

function textKey(text: string): string {
  return createHash("sha1").update(text).digest("base64");
}

function sameFiles(a: Manifest["files"], b: Manifest["files"]): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k]?.hash === a[k]!.hash && b[k]?.chunks.join() === a[k]!.chunks.join() && b[k]?.url === a[k]!.url);
}

/** The manifest's url and pages of a document, without empty fields; the sources map's address wins. */
function documentMeta(meta: DocumentMeta | undefined, mapped: string | undefined): Pick<ManifestFile, "url" | "pages"> {
  const url = mapped ?? meta?.url;
  return { ...(url ? { url } : {}), ...(meta?.pages?.length ? { pages: meta.pages } : {}) };
}

function report(where: string, documents: number, chunks: number, embedded: number, reused: number, skipped: IngestReport["skipped"], upToDate: boolean, t0: number): IngestReport {
  return { documents, chunks, embedded, reused, skipped, where, upToDate, ms: Math.round(performance.now() - t0) };
}
