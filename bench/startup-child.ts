// Child process for the start-up row: loads the model and an index the way the service does,
// and prints what that took (time, resident memory) as one JSON line. A fresh process per
// index, so resident memory is that index's and nothing else's.
//   node --import tsx bench/startup-child.ts '{"mode":"qa","indexDir":"…"}'
//   node --import tsx bench/startup-child.ts '{"mode":"graph","graphFile":"…","dims":512}'

interface Request {
  mode: "qa" | "graph";
  indexDir?: string;
  graphFile?: string;
  dims?: number;
}

export interface StartupSample {
  /** Resident memory of node + tsx before anything of planbot is loaded. */
  rssStartMB: number;
  importMs: number;
  rssImportedMB: number;
  modelMs: number;
  rssModelMB: number;
  indexMs: number;
  rssIndexMB: number;
  /** After a full garbage collection (what stays resident while serving). */
  rssSettledMB: number;
  heapUsedMB: number;
  arrayBuffersMB: number;
  chunks: number;
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? "{}") as Request;
  const rssStart = process.memoryUsage().rss;
  const t0 = performance.now();
  if (req.mode === "graph") {
    const { default: hnswlib } = await import("hnswlib-node");
    const imported = performance.now();
    const rssImported = process.memoryUsage().rss;
    const graph = new hnswlib.HierarchicalNSW("cosine", req.dims ?? 512);
    await graph.readIndex(req.graphFile!);
    const loaded = performance.now();
    return print({
      rssStartMB: rssStart / MB,
      importMs: imported - t0,
      rssImportedMB: rssImported / MB,
      modelMs: 0,
      rssModelMB: rssImported / MB,
      indexMs: loaded - imported,
      rssIndexMB: process.memoryUsage().rss / MB,
      rssSettledMB: settledRss() / MB,
      heapUsedMB: process.memoryUsage().heapUsed / MB,
      arrayBuffersMB: process.memoryUsage().arrayBuffers / MB,
      chunks: graph.getCurrentCount(),
    });
  }
  const [{ LocalEmbeddings }, { openIndex }] = await Promise.all([import("../src/embeddings/local.js"), import("../src/index/folder/folder-store.js")]);
  const imported = performance.now();
  const rssImported = process.memoryUsage().rss;
  const embeddings = new LocalEmbeddings({ workers: 0 });
  await embeddings.warmUp();
  const modelDone = performance.now();
  const rssModel = process.memoryUsage().rss;
  const index = await openIndex(req.indexDir!, embeddings);
  const indexDone = performance.now();
  const rssIndex = process.memoryUsage().rss;
  const rssSettled = settledRss();
  const mem = process.memoryUsage();
  print({
    rssStartMB: rssStart / MB,
    importMs: imported - t0,
    rssImportedMB: rssImported / MB,
    modelMs: modelDone - imported,
    rssModelMB: rssModel / MB,
    indexMs: indexDone - modelDone,
    rssIndexMB: rssIndex / MB,
    rssSettledMB: rssSettled / MB,
    heapUsedMB: mem.heapUsed / MB,
    arrayBuffersMB: mem.arrayBuffers / MB,
    chunks: index.size,
  });
  await embeddings.close();
}

function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().rss;
}

function print(sample: StartupSample): void {
  process.stdout.write(JSON.stringify(sample) + "\n");
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
