// The index stores side by side on the same corpora: the HNSW folder, Postgres with pgvector on
// PGlite (a WASM build served on 127.0.0.1) and on a native PostgreSQL server when one with
// pgvector is installed. Per store: a fresh ingest, an update after one file changed (nearly
// every vector reused, so mostly the store's own writing and index building), opening the
// index, question latency, and throughput with 1, 8 and 32 questions in flight. On the native
// server, also the synthetic corpus at scale (pg-scale.ts).
import { appendFile, cp } from "node:fs/promises";
import path from "node:path";
import { LocalEmbeddings } from "../src/embeddings/local.js";
import { FolderStore } from "../src/index/folder/folder-store.js";
import { PgStore } from "../src/index/pg/pg-store.js";
import type { IndexStore } from "../src/index/store.js";
import { ingest } from "../src/ingest/pipeline.js";
import { walkCorpus } from "../src/ingest/walk.js";
import { Qa } from "../src/qa.js";
import { benchLatency, type LatencyCase } from "./latency.js";
import { benchLoad, type LoadResult } from "./load.js";
import { findNativePg, replicaUrl, startNativePg, type NativePg } from "../test/helpers/native-pg-process.js";
import { benchPgScale, type PgScaleOptions, type PgScaleResult } from "./pg-scale.js";
import { startPglite } from "../test/helpers/pglite-process.js";
import { ratio } from "./stats.js";

export type StoreKind = "hnsw" | "pgvector" | "pgvector-native";

export interface StoreCase {
  corpus: string;
  store: StoreKind;
  chunks: number;
  ingestMs: number;
  /** Re-ingest after one file changed. */
  updateMs: number;
  openMs: number;
  latency: LatencyCase;
  load: LoadResult;
  /** The same load dealt to two replicas with a pool each (native server only). */
  loadReplicas?: LoadResult;
}

export interface StoresResult {
  server: string;
  /** The native server's version, or why there was none. */
  native: { version: string } | { missing: string };
  cases: StoreCase[];
  /** Each pgvector store ÷ the HNSW folder, per corpus. */
  ratios: Array<{ corpus: string; store: StoreKind; ingest: number | null; update: number | null; open: number | null; searchP50: number | null; totalP50: number | null }>;
  /** The synthetic corpus on the native server. */
  scale?: PgScaleResult;
}

export interface StoresOptions {
  corpora: Array<{ name: string; dir: string; questions: string[]; warmUp: string[] }>;
  workDir: string;
  workers: number;
  /** Questions in flight at once for the throughput runs, and questions per run. */
  loadLevels: number[];
  loadQuestions: number;
  /** The synthetic corpus for the native server (skipped without one). */
  scale?: Omit<PgScaleOptions, "url" | "log" | "loadLevels" | "loadQuestions">;
  log?: (line: string) => void;
}

export async function benchStores(opts: StoresOptions): Promise<StoresResult> {
  const log = opts.log ?? (() => {});
  const found = findNativePg();
  const pg = await startPglite({ maxConnections: 4 });
  // Room for the index builds of the scale run (pgvector builds HNSW in memory when it fits).
  let native: NativePg | undefined;
  if (!("missing" in found)) native = await startNativePg({ extraConf: ["maintenance_work_mem=2GB", "shared_buffers=1GB"] });
  else log(`stores: no native server (${found.missing})`);
  const cases: StoreCase[] = [];
  let scale: PgScaleResult | undefined;
  try {
    for (const [k, corpus] of opts.corpora.entries()) {
      const stores: Array<[StoreKind, (replica?: number) => IndexStore]> = [
        ["hnsw", () => new FolderStore(path.join(opts.workDir, `stores-${k}`, "index"))],
        ["pgvector", () => new PgStore(pg.url, `bench${k}`)],
      ];
      if (native) stores.push(["pgvector-native", (r = 0) => new PgStore(replicaUrl(native.url, r), `bench${k}`)]);
      for (const [kind, make] of stores) {
        // A copy per store, so that each update changes a file of its own corpus only.
        const dir = path.join(opts.workDir, `stores-corpus-${k}-${kind}`);
        await cp(corpus.dir, dir, { recursive: true, filter: (src) => !path.basename(src).startsWith(".") || src === corpus.dir });
        log(`stores: ${corpus.name} on ${kind}`);
        cases.push(await oneStore(kind, make, corpus.name, dir, corpus.questions, corpus.warmUp, opts));
      }
    }
    if (native && opts.scale) scale = await benchPgScale({ ...opts.scale, url: native.url, loadLevels: opts.loadLevels, loadQuestions: opts.loadQuestions, log });
  } finally {
    await Promise.all([pg.stop(), native?.remove()]);
  }
  const ratios = opts.corpora.flatMap(({ name }) => {
    const h = cases.find((c) => c.corpus === name && c.store === "hnsw")!;
    return cases
      .filter((p) => p.corpus === name && p.store !== "hnsw")
      .map((p) => ({
        corpus: name,
        store: p.store,
        ingest: ratio(p.ingestMs, h.ingestMs),
        update: ratio(p.updateMs, h.updateMs),
        open: ratio(p.openMs, h.openMs),
        searchP50: ratio(p.latency.search.p50, h.latency.search.p50),
        totalP50: ratio(p.latency.total.p50, h.latency.total.p50),
      }));
  });
  return {
    server: "PGlite 0.5 (Postgres in WASM) with pgvector through pglite-socket" + (native ? `; native ${native.version}` : "") + ", on 127.0.0.1",
    native: native ? { version: native.version } : { missing: "missing" in found ? found.missing : "not started" },
    cases,
    ratios,
    scale,
  };
}

async function oneStore(
  kind: StoreKind,
  make: (replica?: number) => IndexStore,
  corpus: string,
  dir: string,
  questions: string[],
  warmUp: string[],
  opts: Pick<StoresOptions, "workers" | "loadLevels" | "loadQuestions" | "log">,
): Promise<StoreCase> {
  const workers = opts.workers;
  const timedIngest = async () => {
    const embeddings = new LocalEmbeddings({ workers });
    const store = make();
    try {
      const t0 = performance.now();
      const report = await ingest({ corpusDir: dir, store, embeddings });
      return { ms: performance.now() - t0, chunks: report.chunks };
    } finally {
      await Promise.all([embeddings.close(), store.close()]);
    }
  };
  const fresh = await timedIngest();
  const first = (await walkCorpus(dir)).files.map((f) => f.absPath).sort()[0]!;
  await appendFile(first, "\nAppended for the update run.\n");
  const update = await timedIngest();

  const embeddings = new LocalEmbeddings({ workers: 0 });
  const store = make();
  const t0 = performance.now();
  const index = await store.open(embeddings);
  const openMs = performance.now() - t0;
  await store.close();
  const qa = new Qa(index, embeddings);
  try {
    const latency = await benchLatency({ name: `${corpus} (${kind})`, qa, questions, warmUp });
    const load = await benchLoad({
      corpus,
      makeQa: async () => new Qa(index, new LocalEmbeddings({ workers: 0 })),
      questions: questions.slice(0, opts.loadQuestions),
      levels: opts.loadLevels,
      log: opts.log,
    });
    let loadReplicas: LoadResult | undefined;
    if (kind === "pgvector-native") {
      const second = make(1);
      const indexes = [index, await second.open(embeddings)];
      await second.close();
      loadReplicas = await benchLoad({
        corpus,
        makeQa: async (r) => new Qa(indexes[r]!, new LocalEmbeddings({ workers: 0 })),
        replicas: 2,
        questions: questions.slice(0, opts.loadQuestions),
        levels: opts.loadLevels,
        log: opts.log,
      });
    }
    return { corpus, store: kind, chunks: fresh.chunks, ingestMs: fresh.ms, updateMs: update.ms, openMs, latency, load, loadReplicas };
  } finally {
    await qa.close();
  }
}
