// The two index stores side by side on the same corpora: the HNSW folder and Postgres with
// pgvector (PGlite, a WASM build served on 127.0.0.1, so slower than a native server).
// Per store: a fresh ingest, an update after one file changed (nearly every vector reused, so
// mostly the store's own writing and index building), opening the index, and question latency.
import { appendFile, cp } from "node:fs/promises";
import path from "node:path";
import { LocalEmbeddings } from "../embeddings/local.js";
import { FolderStore } from "../index/folder-store.js";
import { PgStore } from "../index/pg/pg-store.js";
import type { IndexStore } from "../index/store.js";
import { ingest } from "../ingest/pipeline.js";
import { walkCorpus } from "../ingest/walk.js";
import { Qa } from "../qa.js";
import { benchLatency, type LatencyCase } from "./latency.js";
import { startPglite } from "./pglite-process.js";
import { ratio } from "./stats.js";

export type StoreKind = "hnsw" | "pgvector";

export interface StoreCase {
  corpus: string;
  store: StoreKind;
  chunks: number;
  ingestMs: number;
  /** Re-ingest after one file changed. */
  updateMs: number;
  openMs: number;
  latency: LatencyCase;
}

export interface StoresResult {
  server: string;
  cases: StoreCase[];
  /** pgvector ÷ HNSW folder, per corpus. */
  ratios: Array<{ corpus: string; ingest: number | null; update: number | null; open: number | null; searchP50: number | null; totalP50: number | null }>;
}

export interface StoresOptions {
  corpora: Array<{ name: string; dir: string; questions: string[]; warmUp: string[] }>;
  workDir: string;
  workers: number;
  log?: (line: string) => void;
}

export async function benchStores(opts: StoresOptions): Promise<StoresResult> {
  const log = opts.log ?? (() => {});
  const pg = await startPglite();
  const cases: StoreCase[] = [];
  try {
    for (const [k, corpus] of opts.corpora.entries()) {
      const stores: Array<[StoreKind, () => IndexStore]> = [
        ["hnsw", () => new FolderStore(path.join(opts.workDir, `stores-${k}`, "index"))],
        ["pgvector", () => new PgStore(pg.url, `bench${k}`)],
      ];
      for (const [kind, make] of stores) {
        // A copy per store: the update appends to a file, and the next store must start from
        // the same corpus as the first (else it may count one chunk more).
        const dir = path.join(opts.workDir, `stores-corpus-${k}-${kind}`);
        await cp(corpus.dir, dir, { recursive: true, filter: (src) => !path.basename(src).startsWith(".") || src === corpus.dir });
        log(`stores: ${corpus.name} on ${kind}`);
        cases.push(await oneStore(kind, make, corpus.name, dir, corpus.questions, corpus.warmUp, opts.workers));
      }
    }
  } finally {
    await pg.stop();
  }
  const ratios = opts.corpora.map(({ name }) => {
    const h = cases.find((c) => c.corpus === name && c.store === "hnsw")!;
    const p = cases.find((c) => c.corpus === name && c.store === "pgvector")!;
    return {
      corpus: name,
      ingest: ratio(p.ingestMs, h.ingestMs),
      update: ratio(p.updateMs, h.updateMs),
      open: ratio(p.openMs, h.openMs),
      searchP50: ratio(p.latency.search.p50, h.latency.search.p50),
      totalP50: ratio(p.latency.total.p50, h.latency.total.p50),
    };
  });
  return { server: "PGlite 0.5 (Postgres 17 in WASM) with pgvector, through pglite-socket on 127.0.0.1", cases, ratios };
}

async function oneStore(
  kind: StoreKind,
  make: () => IndexStore,
  corpus: string,
  dir: string,
  questions: string[],
  warmUp: string[],
  workers: number,
): Promise<StoreCase> {
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
  await appendFile(first, `\nAppended for the ${kind} update run.\n`);
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
    return { corpus, store: kind, chunks: fresh.chunks, ingestMs: fresh.ms, updateMs: update.ms, openMs, latency };
  } finally {
    await qa.close();
  }
}
