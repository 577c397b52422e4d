// Writes and reads one complete index folder: the HNSW index (LangChain HNSWLib on
// hnswlib-node), the BM25 postings, the chunk table, the loaded documents, the raw vectors
// (reused by the next incremental ingest) and the manifest. Nothing is held in one string or
// read with fs.readFile whole when it grows with the corpus: at 1M chunks the documents and
// postings pass V8's 512 MiB string limit, and the graph fs.readFile's 2 GiB limit.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import { Document } from "@langchain/core/documents";
import hnswlib from "hnswlib-node";
import type { Embeddings } from "@langchain/core/embeddings";
import type { Chunk } from "../../types.js";
import { Bm25Index, type Bm25Data } from "../bm25.js";
import { hnswFileProblem } from "./hnsw-file.js";
import { readJsonLines, writeJsonLines } from "./json-lines.js";
import { checkManifest, IndexUnavailableError, type Manifest } from "../manifest.js";
import type { IndexContents } from "../store.js";
import { readWholeFile } from "./read-whole-file.js";

const FILES = {
  manifest: "manifest.json",
  /** JSON lines: a header, then one [source, text] per document. */
  documents: "documents.jsonl",
  chunks: "chunks.json",
  vectors: "vectors.f32",
  /** JSON lines: a header with k1, b and docLengths, then one [term, postings] per term. */
  lexical: "lexical.jsonl",
  hnsw: "hnswlib.index",
} as const;

type StoredChunk = Omit<Chunk, "text">;

/** Builds the HNSW graph from the vectors and writes every file of the index into `dir`. */
export async function writeIndexFolder(
  dir: string,
  contents: IndexContents,
  embeddings: Embeddings,
  /** A graph already built from these vectors (label = chunk index) with manifest.hnsw; the benchmark reuses one. */
  graph?: hnswlib.HierarchicalNSW,
): Promise<void> {
  const { manifest, chunks, vectors } = contents;
  const dims = manifest.embedding.dims;
  const { M, efConstruction, space } = manifest.hnsw;

  // The graph is built here rather than by HNSWLib.addVectors so that M and efConstruction
  // are ours; HNSWLib then saves it together with its docstore in its own format.
  const index = graph ?? new hnswlib.HierarchicalNSW(space, dims);
  if (!graph) index.initIndex({ maxElements: Math.max(1, chunks.length), m: M, efConstruction, randomSeed: 100 });
  const docs: Record<number, Document> = {};
  chunks.forEach((c, i) => {
    if (!graph) index.addPoint(Array.from(vectors.subarray(i * dims, (i + 1) * dims)), i);
    // Only the label is ever read back (search maps it to the chunk table); the text is in
    // documents.jsonl already, and a copy here was most of the docstore's size and memory.
    docs[i] = new Document({ pageContent: "", metadata: { i } });
  });
  const docstore = new SynchronousInMemoryDocstore();
  docstore.add(docs);
  const store = new HNSWLib(embeddings, { space, numDimensions: dims, index, docstore });
  await store.save(dir);

  const stored: StoredChunk[] = chunks.map(({ text: _text, ...rest }) => rest);
  const { postings, ...lexicalHead } = contents.lexical.toJSON();
  const terms = Object.keys(postings);
  await Promise.all([
    writeJsonLines(path.join(dir, FILES.documents), {}, contents.documents.size, contents.documents.entries()),
    writeFile(path.join(dir, FILES.chunks), JSON.stringify(stored)),
    writeFile(path.join(dir, FILES.vectors), Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength)),
    writeJsonLines(
      path.join(dir, FILES.lexical),
      lexicalHead,
      terms.length,
      (function* () {
        for (const t of terms) yield [t, postings[t]];
      })(),
    ),
  ]);
  // The manifest goes last: a folder without one is never taken for an index.
  await writeFile(path.join(dir, FILES.manifest), JSON.stringify(manifest, null, 1));
}

export async function readManifest(dir: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, FILES.manifest), "utf8");
  } catch {
    throw new IndexUnavailableError(`No index at ${dir}. Run \`npm run ingest\` to build it.`);
  }
  try {
    return checkManifest(JSON.parse(raw), dir);
  } catch (err) {
    if (err instanceof IndexUnavailableError) throw err;
    throw new IndexUnavailableError(`The index manifest in ${dir} is unreadable. Run \`npm run ingest\` to rebuild it.`);
  }
}

/** Reads the files that an incremental ingest reuses (no HNSW graph needed). */
export async function readIndexContents(dir: string): Promise<IndexContents> {
  const manifest = await readManifest(dir);
  const broken = (what: string) => new IndexUnavailableError(`The index in ${dir} is damaged (${what}). Run \`npm run ingest\` to rebuild it.`);
  let documents: Map<string, string>;
  let stored: StoredChunk[];
  let lexical: Bm25Data;
  let vectorBytes: Buffer;
  try {
    [documents, stored, lexical, vectorBytes] = await Promise.all([
      readDocuments(path.join(dir, FILES.documents)),
      readFile(path.join(dir, FILES.chunks), "utf8").then((s) => JSON.parse(s) as StoredChunk[]),
      readLexical(path.join(dir, FILES.lexical)),
      readWholeFile(path.join(dir, FILES.vectors)),
    ]);
  } catch (err) {
    throw broken((err as NodeJS.ErrnoException).code === "ENOENT" ? "a file is missing" : "a file is unreadable");
  }
  const dims = manifest.embedding.dims;
  if (!Array.isArray(stored) || stored.length !== manifest.chunkCount) throw broken("chunk table does not match the manifest");
  if (vectorBytes.byteLength !== stored.length * dims * 4) throw broken("vector file has the wrong size");
  if (!lexical || !Array.isArray(lexical.docLengths) || lexical.docLengths.length !== stored.length) {
    throw broken("lexical index does not match the chunks");
  }
  const chunks: Chunk[] = stored.map((c) => {
    const text = documents.get(c.source)?.slice(c.start, c.end);
    if (text === undefined || text.length !== c.end - c.start) throw broken(`chunk ${c.id} points outside ${c.source}`);
    return { ...c, text };
  });
  // readWholeFile's buffer starts at offset 0 of its own memory: viewed, not copied.
  const vectors = new Float32Array(vectorBytes.buffer, vectorBytes.byteOffset, stored.length * dims);
  return { manifest, documents, chunks, vectors, lexical: new Bm25Index(lexical) };
}

/** Loads the HNSW graph of a folder through LangChain's HNSWLib, after checking every file it reads. */
export async function readHnsw(dir: string, embeddings: Embeddings, manifest: Manifest): Promise<HNSWLib> {
  const damaged = (why: string) => new IndexUnavailableError(`The HNSW index in ${dir} is damaged (${why}). Run \`npm run ingest\` to rebuild it.`);
  const dims = manifest.embedding.dims;
  let bytes: Buffer;
  try {
    bytes = await readWholeFile(path.join(dir, FILES.hnsw));
  } catch (err) {
    throw damaged((err as NodeJS.ErrnoException).code === "ENOENT" ? "the graph file is missing" : "the graph file is unreadable");
  }
  // The native reader trusts the file; a damaged one would crash the process at the first search.
  const problem = hnswFileProblem(bytes, { count: manifest.chunkCount, dims, M: manifest.hnsw.M });
  if (problem) throw damaged(`the graph file ${problem}`);
  let store: HNSWLib;
  try {
    store = await HNSWLib.load(dir, embeddings);
  } catch {
    throw damaged("its settings or document store are unreadable");
  }
  if (store.args.numDimensions !== dims || store.index.getNumDimensions() !== dims) throw damaged("wrong vector size in its settings");
  if (store.index.getCurrentCount() !== manifest.chunkCount) throw damaged("element count");
  // Search results are looked up in the docstore by label: every label must be there, as itself.
  const docs = store.docstore._docs;
  if (docs.size !== manifest.chunkCount) throw damaged("the document store does not match the graph");
  for (let i = 0; i < manifest.chunkCount; i++) {
    if (docs.get(String(i))?.metadata?.i !== i) throw damaged("the document store does not match the graph");
  }
  store.index.setEf(manifest.hnsw.efSearch);
  return store;
}

/** Whether the folder's HNSW files are whole (used before an ingest declares the index up to date). */
export async function hnswIsIntact(dir: string, embeddings: Embeddings, manifest: Manifest): Promise<boolean> {
  return readHnsw(dir, embeddings, manifest).then(
    () => true,
    () => false,
  );
}

async function readDocuments(file: string): Promise<Map<string, string>> {
  const documents = new Map<string, string>();
  await readJsonLines(file, (item) => {
    if (!Array.isArray(item) || typeof item[0] !== "string" || typeof item[1] !== "string") throw new Error(`${file}: not a [source, text] line`);
    documents.set(item[0], item[1]);
  });
  return documents;
}

async function readLexical(file: string): Promise<Bm25Data> {
  const postings: Bm25Data["postings"] = Object.create(null);
  const head = await readJsonLines(file, (item) => {
    if (!Array.isArray(item) || typeof item[0] !== "string" || !Array.isArray(item[1])) throw new Error(`${file}: not a [term, postings] line`);
    postings[item[0]] = item[1] as number[];
  });
  const { k1, b, docLengths } = head;
  if (typeof k1 !== "number" || typeof b !== "number" || !Array.isArray(docLengths)) throw new Error(`${file}: no BM25 settings`);
  return { k1, b, docLengths: docLengths as number[], postings };
}
