// Corpus faults with real files: binary, truncated PDFs, unreadable files, symlink loops, pipes,
// a 200 MB file (sparse, so the test is fast), invalid UTF-8, pathological text, a file that
// changes during the ingest, a corpus with nothing loadable or no folder at all. Each gets a
// clear skip reason or a clear error, and the index that answered before keeps answering.
import { execFileSync } from "node:child_process";
import { chmod, copyFile, lstat, mkdir, readdir, readFile, rm, symlink, truncate, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../src/embeddings/local.js";
import type { LoadedIndex } from "../src/index/loaded-index.js";
import { openIndex } from "../src/index/folder/folder-store.js";
import { currentVersion } from "../src/index/folder/publish.js";
import { FolderStore } from "../src/index/folder/folder-store.js";
import { indexIsStale } from "../src/ingest/staleness.js";
import { ingest, type IngestReport } from "../src/ingest/pipeline.js";
import { Qa } from "../src/qa.js";
import { makePdf } from "./helpers/pdf.js";
import { PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";
import { run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

const embeddings = new LocalEmbeddings({ workers: 0 });
afterAll(() => embeddings.close());

const Q = "Which district will host the banking and insurance technology cluster?";
const isRoot = process.getuid?.() === 0;

let root: string;
let corpus: string;
let index: string;
let before: Qa; // opened on the index built before any fault was added

async function expectAnswers(idx: LoadedIndex | string, what: string): Promise<void> {
  const qa = new Qa(typeof idx === "string" ? await openIndex(idx, embeddings) : idx, embeddings);
  const a = await qa.ask(Q);
  expect(a.answer, what).toContain("Shijingshan");
  for (const c of a.citations) expect(qa.index.document(c.source)!.slice(c.start, c.end)).toBe(c.text);
}

function checkConsistent(idx: LoadedIndex): void {
  for (const c of idx.chunks) expect(idx.document(c.source)!.slice(c.start, c.end)).toBe(c.text);
}

beforeAll(async () => {
  root = await tempDir("planbot-faults-corpus-");
  corpus = path.join(root, "corpus");
  index = path.join(root, "data", "index");
  await mkdir(corpus);
  await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(corpus, PLAN_DOC));
  await ingest({ corpusDir: corpus, indexDir: index, embeddings });
  before = new Qa(await openIndex(index, embeddings), embeddings);
}, 120_000);

describe("a corpus full of faulty files", () => {
  let report: IngestReport;
  const reasons: Record<string, string> = {};

  beforeAll(async () => {
    const f = (name: string) => path.join(corpus, name);
    await writeFile(f("notes.md"), "# Notes\n\nThe river port opens in 2031.\n");
    await writeFile(f("image.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    await writeFile(f("latin1.txt"), Buffer.from("caf\xe9 cr\xe8me, na\xefve", "latin1"));
    await writeFile(f("empty.md"), "");
    await writeFile(f("blank.txt"), " \n\t\r\n ");
    const pdf = makePdf(["Quarterly report", "Revenue grew by 12 percent."]);
    for (const n of [8, 100, 300, pdf.length - 40]) await writeFile(f(`truncated-${n}.pdf`), pdf.subarray(0, n));
    await writeFile(f("fake.pdf"), "%PDF-1.7\n" + "garbage ".repeat(100));
    // 200 MB, sparse: refused by its size before a byte is read.
    await writeFile(f("huge.txt"), "");
    await truncate(f("huge.txt"), 200 * 1024 * 1024);
    await mkdir(f("loop"));
    await symlink("..", f("loop/up")); // a folder loop
    await symlink("b-link.txt", f("a-link.txt")); // a file loop
    await symlink("a-link.txt", f("b-link.txt"));
    await symlink("no-such-file.txt", f("dangling.txt"));
    execFileSync("mkfifo", [f("pipe.txt")]); // a reader would block on it forever
    // Unreadable: a real permission error needs a non-root user (root reads anything), so as
    // root /proc/self/mem stands in: stat calls it a regular file, and reading it fails (EIO).
    await writeFile(f("locked.txt"), "secret");
    await chmod(f("locked.txt"), 0o000);
    if (existsSync("/proc/self/mem")) await symlink("/proc/self/mem", f("unreadable.txt"));
    // Pathological but valid text: must load and split fast, not stall the ingest.
    await writeFile(f("lines.txt"), "Title Line\n".repeat(1_000));
    await writeFile(f("nospace.md"), "x".repeat(10_000));
    await writeFile(f("nested.html"), "<div>".repeat(3_000) + "<p>The aquarium has 7 tanks.</p>" + "</div>".repeat(3_000));

    // Older than the ingest for sure (a file written in the ingest's first millisecond counts as newer).
    await age(corpus);
    const t0 = Date.now();
    // FOLLOW_SYMLINKS=outside, as an operator may set it: /proc/self/mem lies outside the corpus.
    report = await ingest({ corpusDir: corpus, indexDir: index, embeddings, followSymlinksOutside: true });
    expect(Date.now() - t0).toBeLessThan(60_000);
    for (const s of report.skipped) reasons[s.file] = s.reason;
  }, 120_000);

  it.each([
    ["image.txt", /binary/],
    ["latin1.txt", /not valid UTF-8/],
    ["empty.md", /empty file/],
    ["blank.txt", /no text/],
    ["truncated-8.pdf", /PDF/],
    ["truncated-100.pdf", /PDF/],
    ["truncated-300.pdf", /PDF/],
    ["fake.pdf", /PDF/],
    ["huge.txt", /too large \(200 MB > 50 MB\)/],
    ["loop/up", /symlink loop/],
    ["a-link.txt", /symlink loop/],
    ["dangling.txt", /broken symlink/],
    ["pipe.txt", /not a regular file/],
  ])("%s is skipped: %s", (file, reason) => {
    expect(reasons[file], JSON.stringify(reasons)).toMatch(reason);
  });

  it("an unreadable file is skipped with why", () => {
    if (existsSync("/proc/self/mem")) expect(reasons["unreadable.txt"]).toMatch(/unreadable \(EIO\)/);
    // chmod 000 stops only non-root users: as root (CI) the file is read like any other.
    if (isRoot) expect(reasons["locked.txt"]).toBeUndefined();
    else expect(reasons["locked.txt"]).toMatch(/permission denied/);
  });

  it("indexes the good files, and the new index answers from them with exact citations", async () => {
    const idx = await openIndex(index, embeddings);
    expect(idx.sources()).toEqual(expect.arrayContaining([PLAN_DOC, "notes.md", "lines.txt", "nospace.md", "nested.html"]));
    checkConsistent(idx);
    await expectAnswers(idx, "new index");
    const qa = new Qa(idx, embeddings);
    expect((await qa.ask("How many tanks does the aquarium have?")).answer).toContain("7 tanks");
  });

  it("the index loaded before the faults keeps answering", async () => {
    await expectAnswers(before.index, "index loaded before");
  });

  it("a second ingest of the same corpus finds nothing to do, and start would not rebuild", async () => {
    const again = await ingest({ corpusDir: corpus, indexDir: index, embeddings, followSymlinksOutside: true });
    expect(again.upToDate).toBe(true);
    expect(await indexIsStale(corpus, new FolderStore(index), { followSymlinksOutside: true })).toBeUndefined();
  });
});

describe("a file that changes during the ingest", () => {
  it("publishes a consistent index of what was read, and the next run picks up the change", async () => {
    const dir = await tempDir();
    const c = path.join(dir, "corpus");
    const idx = path.join(dir, "index");
    await mkdir(c);
    await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(c, PLAN_DOC));
    await writeFile(path.join(c, "moving.txt"), "Version one says the bridge has 3 towers.\n");
    await age(c);
    await ingest({
      corpusDir: c,
      indexDir: idx,
      embeddings,
      // Read, embedded and written: now the file changes, before the swap.
      beforePublish: async () => writeFile(path.join(c, "moving.txt"), "Version two says the bridge has 5 towers and a tunnel.\n"),
    });
    const first = await openIndex(idx, embeddings);
    checkConsistent(first);
    expect(first.document("moving.txt")).toContain("3 towers");
    expect(await indexIsStale(c, new FolderStore(idx))).toMatch(/moving\.txt changed/);
    await ingest({ corpusDir: c, indexDir: idx, embeddings });
    expect((await openIndex(idx, embeddings)).document("moving.txt")).toContain("5 towers");
  });

  it("stays consistent while another process rewrites a file the whole time", async () => {
    const dir = await tempDir();
    const c = path.join(dir, "corpus");
    const idx = path.join(dir, "index");
    await mkdir(c);
    await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(c, PLAN_DOC));
    const target = path.join(c, "churn.txt");
    await writeFile(target, "Start.\n");
    // A writer that truncates and rewrites the file in a tight loop, bounded in time.
    const writer = execWriter(target, 3_000);
    for (let i = 0; i < 3; i++) {
      await ingest({ corpusDir: c, indexDir: idx, embeddings });
      const loaded = await openIndex(idx, embeddings);
      checkConsistent(loaded);
      await expectAnswers(loaded, `round ${i}`);
    }
    await writer;
    // Once the writer stops, one more ingest catches up with the file as it is.
    await ingest({ corpusDir: c, indexDir: idx, embeddings });
    const final = await readFile(target, "utf8");
    const loaded = await openIndex(idx, embeddings);
    if (final.trim()) expect(loaded.document("churn.txt")).toBe(final.replace(/^\uFEFF/, ""));
  }, 60_000);
});

describe("nothing loadable", () => {
  it("an ingest that finds no document fails with the reasons and leaves the index answering", async () => {
    const dir = await tempDir();
    const bad = path.join(dir, "bad-corpus");
    await mkdir(bad);
    await writeFile(path.join(bad, "blob.txt"), Buffer.from([0, 1, 2, 0]));
    await writeFile(path.join(bad, "data.bin"), "x");
    const versionBefore = await currentVersion(index);
    await expect(ingest({ corpusDir: bad, indexDir: index, embeddings })).rejects.toThrow(/no document could be loaded .*blob\.txt: binary.*the index was left as it was/);
    expect(await currentVersion(index)).toBe(versionBefore);
    await expectAnswers(index, "after a refused ingest");
  });

  it("a corpus folder that is gone is named as such", async () => {
    await expect(ingest({ corpusDir: path.join(root, "no-such-corpus"), indexDir: index, embeddings })).rejects.toThrow(/corpus folder not found \(ENOENT\).*left as it was/);
    await expectAnswers(index, "after a missing corpus");
  });

  it("npm run ingest exits 1 with one clear line, and npm run ask still answers from the old index", async () => {
    const dir = await tempDir();
    const bad = path.join(dir, "bad-corpus");
    await mkdir(bad);
    await writeFile(path.join(bad, "x.pdf"), "%PDF-1.4 not really");
    const ing = await run("scripts/ingest.ts", ["--corpus", bad, "--index", index], { timeoutMs: 60_000 });
    expect(ing.code).toBe(1);
    expect(ing.stderr).toMatch(/^planbot: no document could be loaded .*x\.pdf: unreadable PDF/m);
    expect(ing.stderr).not.toMatch(/\n\s+at /);
    const ask = await run("scripts/ask.ts", ["--index", index, "--json", Q], { timeoutMs: 60_000 });
    expect(ask.code, ask.stderr).toBe(0);
    expect(JSON.parse(ask.stdout).answer).toContain("Shijingshan");
  });

  it("npm start keeps serving the previous index when the corpus cannot be read now", async () => {
    const r = await run("src/main.ts", [], { env: { INDEX_DIR: index, CORPUS_DIR: path.join(root, "gone") }, input: `${Q}\n`, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/could not update the index; answering from the previous one/);
    expect(r.stdout).toContain("Shijingshan");
  });
});

/** Makes every regular file in `dir` an hour old (older than any ingest the test starts next). */
async function age(dir: string): Promise<void> {
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const name of await readdir(dir)) {
    if ((await lstat(path.join(dir, name))).isFile()) await utimes(path.join(dir, name), hourAgo, hourAgo);
  }
}

/** Rewrites `file` with growing content until `ms` have passed (a bounded loop). */
async function execWriter(file: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end && i < 100_000; i++) {
    await writeFile(file, `Revision ${i}. The bridge has ${i} towers.\n`.repeat(1 + (i % 50)));
    await new Promise((r) => setImmediate(r));
  }
}

afterAll(async () => {
  await rm(path.join(root ?? "/nonexistent", "corpus", "pipe.txt"), { force: true });
});
