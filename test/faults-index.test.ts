// Index faults with real files: a real index of the plan article is built once, then copies of
// it are damaged in every way we could think of (truncated or corrupted HNSW graph, a manifest
// from another version or model, a missing lexical index…). Opening must refuse each with
// IndexUnavailableError naming `npm run ingest` (exit 3 in `ask` and `start`), never crash the
// process (hnswlib segfaults on a damaged graph unless it is checked first) or answer from it;
// and `npm run ingest` must really fix each one.
import { copyFile, cp, mkdir, readFile, rm, symlink, truncate, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../src/embeddings/local.js";
import { openIndex } from "../src/index/folder/folder-store.js";
import { IndexUnavailableError } from "../src/index/manifest.js";
import { currentVersion } from "../src/index/folder/publish.js";
import { ingest } from "../src/ingest/pipeline.js";
import { TelegramApiStandin } from "./standins/telegram-api.js";
import { PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";
import { run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const embeddings = new LocalEmbeddings({ workers: 0 });
afterAll(() => embeddings.close());

let root: string;
let corpus: string;
let good: string; // the real version folder of a good index
let copies = 0;

beforeAll(async () => {
  root = await tempDir("planbot-faults-index-");
  corpus = path.join(root, "corpus");
  await mkdir(corpus);
  await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(corpus, PLAN_DOC));
  // Older than the index for sure (a copy made in the ingest's first millisecond counts as newer).
  const hourAgo = new Date(Date.now() - 3_600_000);
  await utimes(path.join(corpus, PLAN_DOC), hourAgo, hourAgo);
  const index = path.join(root, "index");
  await ingest({ corpusDir: corpus, indexDir: index, embeddings });
  good = (await currentVersion(index))!;
}, 120_000);

/** A fresh copy of the good index, damaged by `damage` (run inside the copy). */
async function damaged(damage: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(root, `copy-${++copies}`);
  await cp(good, dir, { recursive: true });
  await damage(dir);
  return dir;
}

const file = (dir: string, name: string) => path.join(dir, name);

async function patchHnsw(dir: string, patch: (b: Buffer, h: { count: number; sizeData: number; offsetData: number }) => void): Promise<void> {
  const f = file(dir, "hnswlib.index");
  const b = await readFile(f);
  const h = { count: Number(b.readBigUInt64LE(16)), sizeData: Number(b.readBigUInt64LE(24)), offsetData: Number(b.readBigUInt64LE(40)) };
  patch(b, h);
  await writeFile(f, b);
}

async function patchJson(dir: string, name: string, patch: (j: any) => unknown): Promise<void> {
  const j = JSON.parse(await readFile(file(dir, name), "utf8"));
  await writeFile(file(dir, name), JSON.stringify(patch(j) ?? j));
}

/** Rewrites a JSON-lines file of the index: `patch` gets its lines and returns the new ones. */
async function patchLines(dir: string, name: string, patch: (lines: string[]) => string[]): Promise<void> {
  const lines = (await readFile(file(dir, name), "utf8")).split("\n").slice(0, -1);
  await writeFile(
    file(dir, name),
    patch(lines)
      .map((l) => l + "\n")
      .join(""),
  );
}

const HEADER = 96;
const CASES: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
  ["HNSW file truncated to half", async (d) => truncate(file(d, "hnswlib.index"), 6000), /HNSW.*truncated/],
  ["HNSW file truncated to nothing", async (d) => truncate(file(d, "hnswlib.index"), 0), /HNSW.*shorter than its header/],
  ["HNSW file missing", async (d) => rm(file(d, "hnswlib.index")), /HNSW.*missing/],
  ["HNSW neighbour ids out of range", (d) => patchHnsw(d, (b, h) => b.writeUInt32LE(0xfffff0, HEADER + 4 + (h.count - 1) * h.sizeData)), /HNSW.*neighbour/],
  ["HNSW neighbour count too large", (d) => patchHnsw(d, (b) => b.writeUInt16LE(60_000, HEADER)), /HNSW.*neighbour list/],
  ["HNSW labels out of range", (d) => patchHnsw(d, (b, h) => b.writeBigUInt64LE(999_999n, HEADER + h.sizeData - 8)), /HNSW.*labels/],
  ["HNSW vector of NaNs", (d) => patchHnsw(d, (b, h) => b.writeFloatLE(NaN, HEADER + h.offsetData)), /HNSW.*not a number/],
  ["HNSW capacity of 2^60 elements", (d) => patchHnsw(d, (b) => b.writeBigUInt64LE(1n << 60n, 8)), /HNSW.*capacity/],
  ["HNSW settings with the wrong vector size", (d) => writeFile(file(d, "args.json"), JSON.stringify({ space: "cosine", numDimensions: 3 })), /HNSW.*vector size/],
  ["HNSW document store not JSON", (d) => writeFile(file(d, "docstore.json"), "[1,2"), /HNSW.*unreadable/],
  ["HNSW document store empty", (d) => writeFile(file(d, "docstore.json"), "[]"), /HNSW.*document store/],
  ["manifest from another index version", (d) => patchJson(d, "manifest.json", (m) => void (m.version = 99)), /another version of planbot/],
  ["manifest from another embedding model", (d) => patchJson(d, "manifest.json", (m) => void (m.embedding.model = "text-embedding-3-small")), /text-embedding-3-small/],
  ["manifest from an older tokenizer", (d) => patchJson(d, "manifest.json", (m) => void (m.tokenizer = -1)), /older tokenizer/],
  ["manifest that is not JSON", (d) => writeFile(file(d, "manifest.json"), '{"format":'), /manifest.*unreadable/],
  ["manifest of something else", (d) => writeFile(file(d, "manifest.json"), "{}"), /not a planbot index/],
  ["manifest missing", (d) => rm(file(d, "manifest.json")), /No index/],
  ["lexical index missing", (d) => rm(file(d, "lexical.jsonl")), /damaged \(a file is missing\)/],
  ["lexical index truncated", async (d) => truncate(file(d, "lexical.jsonl"), 100), /damaged \(a file is unreadable\)/],
  ["lexical index cut at a line boundary", (d) => patchLines(d, "lexical.jsonl", (l) => l.slice(0, -1)), /damaged \(a file is unreadable\)/],
  ["lexical index with a line too many", (d) => patchLines(d, "lexical.jsonl", (l) => [...l, l[1]!]), /damaged \(a file is unreadable\)/],
  ["lexical index without its header", (d) => patchLines(d, "lexical.jsonl", (l) => l.slice(1)), /damaged \(a file is unreadable\)/],
  [
    "lexical index for other chunks",
    (d) => patchLines(d, "lexical.jsonl", ([head, ...rest]) => [JSON.stringify({ ...JSON.parse(head!), docLengths: JSON.parse(head!).docLengths.slice(1) }), ...rest]),
    /lexical index does not match/,
  ],
  ["chunk table shorter than the manifest", (d) => patchJson(d, "chunks.json", (c) => c.slice(1)), /chunk table/],
  ["chunk pointing outside its document", (d) => patchJson(d, "chunks.json", (c) => void (c[0].end = 10_000_000)), /points outside/],
  ["vectors file truncated", async (d) => truncate(file(d, "vectors.f32"), 1000), /vector file/],
  ["documents missing", (d) => rm(file(d, "documents.jsonl")), /a file is missing/],
  ["documents truncated mid-line", async (d) => truncate(file(d, "documents.jsonl"), 200), /damaged \(a file is unreadable\)/],
  ["documents cut at a line boundary", (d) => patchLines(d, "documents.jsonl", (l) => l.slice(0, -1)), /damaged \(a file is unreadable\)/],
  ["documents line that is not [source, text]", (d) => patchLines(d, "documents.jsonl", (l) => [l[0]!, "[1,2]", ...l.slice(2)]), /damaged \(a file is unreadable\)/],
];

describe("opening a damaged index", () => {
  it.each(CASES)("refuses: %s", async (_name, damage, why) => {
    const dir = await damaged(damage);
    const err = await openIndex(dir, embeddings).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IndexUnavailableError);
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain("npm run ingest");
  });

  it("refuses a dangling index link (its version folder was deleted)", async () => {
    const link = path.join(root, "dangling");
    await symlink(path.join(root, "no-such-version"), link);
    await expect(openIndex(link, embeddings)).rejects.toThrow(/No index.*npm run ingest/);
  });

  it("never crashes on random bit flips in the graph file: refuses it, or searches it safely", async () => {
    const dir = await damaged(async () => {});
    const pristine = await readFile(file(dir, "hnswlib.index"));
    const probe = await embeddings.embedQuery("Which district will host the banking cluster?");
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: pristine.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const b = Buffer.from(pristine);
        for (const [at, mask] of flips) b[at] = b[at]! ^ mask;
        await writeFile(file(dir, "hnswlib.index"), b);
        try {
          const idx = await openIndex(dir, embeddings);
          // Accepted: then searching it must be safe (a native crash would end this process).
          const hits = await idx.dense(probe, 5);
          for (const h of hits) expect(h.index).toBeLessThan(idx.size);
        } catch (err) {
          expect(err).toBeInstanceOf(IndexUnavailableError);
          refused++;
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: SEED },
    );
    expect(refused).toBeGreaterThan(0);
  });
});

describe("npm run ingest fixes each damage", () => {
  it.each(CASES)("rebuilds after: %s", async (_name, damage) => {
    // The damaged folder is made the current version of an index link, as ingest would find it.
    const parent = path.join(root, `fix-${++copies}`);
    await mkdir(parent);
    const version = path.join(parent, ".index.vdamaged");
    await cp(good, version, { recursive: true });
    await damage(version);
    const index = path.join(parent, "index");
    await symlink(".index.vdamaged", index);
    const report = await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    expect(report.upToDate).toBe(false);
    const idx = await openIndex(index, embeddings);
    expect(idx.size).toBeGreaterThan(0);
    expect(await idx.dense(await embeddings.embedQuery("banking cluster"), 3)).toHaveLength(3);
  });
});

describe("the commands on a damaged index", () => {
  it("npm run ask and npm start (terminal) exit 3 and name npm run ingest", async () => {
    // (Every kind of damage is refused in process above; here, one of each layer, end to end.)
    const broken = [await damaged(async (d) => truncate(file(d, "hnswlib.index"), 6000)), await damaged((d) => patchJson(d, "manifest.json", (m) => void (m.version = 99)))];
    const runs = broken.flatMap((dir) => [
      run("scripts/ask.ts", ["--index", dir, "--json", "Which district will host the banking cluster?"], { timeoutMs: 60_000 }),
      run("src/main.ts", [], { env: { INDEX_DIR: dir, CORPUS_DIR: corpus }, input: "Which district will host the banking cluster?\n", timeoutMs: 60_000 }),
    ]);
    for (const r of await Promise.all(runs)) {
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^planbot: .*Run `npm run ingest`/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("npm start with Telegram configured exits 3 before it polls or answers anything", async () => {
    const dir = await damaged(async (d) => truncate(file(d, "hnswlib.index"), 6000));
    const token = "123456:TEST-faults-not-real-aaaaaaaaaaaaaaaaaaaaaa";
    const api = await TelegramApiStandin.start({ token });
    try {
      const r = await run("src/main.ts", [], {
        env: { INDEX_DIR: dir, CORPUS_DIR: corpus, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.apiRoot, PORT: "0" },
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain("npm run ingest");
      expect(r.stderr).not.toContain(token.split(":")[1]!);
      expect(api.calls.filter((c) => c.method === "getUpdates" || c.method === "sendMessage")).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
