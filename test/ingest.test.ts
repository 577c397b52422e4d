import { spawn } from "node:child_process";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import { chmod, copyFile, mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../src/embeddings/local.js";
import { ingest } from "../src/ingest/pipeline.js";
import { readIndexContents } from "../src/index/folder/index-folder.js";
import { openIndex } from "../src/index/folder/folder-store.js";
import { currentVersion } from "../src/index/folder/publish.js";
import { Qa } from "../src/qa.js";
import { makePdf } from "./helpers/pdf.js";
import { PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";
import { projectCommand } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

const embeddings = new LocalEmbeddings({ workers: 1 });
afterAll(() => embeddings.close());

async function ask(index: string, q: string) {
  const qa = new Qa(await openIndex(index, embeddings), embeddings);
  return qa.ask(q);
}

describe("loaders inside ingest", () => {
  it("indexes txt, md, html and pdf, and skips binary, empty and unreadable files with a reason", async () => {
    const { corpus, index } = await corpusWithPlan();
    await writeFile(path.join(corpus, "notes.md"), "# Notes\n\nThe river port opens in 2031.\n");
    await writeFile(path.join(corpus, "page.html"), "<html><body><h1>Page</h1><p>The museum has 42 rooms.</p><script>secret()</script></body></html>");
    await writeFile(path.join(corpus, "report.pdf"), makePdf(["Annual report", "The airport handles 9 million passengers."]));
    await writeFile(path.join(corpus, "image.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    await writeFile(path.join(corpus, "empty.md"), "");
    await writeFile(path.join(corpus, "broken.pdf"), "%PDF-1.4 this is not really a pdf");
    await writeFile(path.join(corpus, "data.bin"), "x");
    await writeFile(path.join(corpus, "locked.txt"), "secret");
    await chmod(path.join(corpus, "locked.txt"), 0o000);
    await mkdir(path.join(corpus, "loop"));
    await symlink("..", path.join(corpus, "loop", "up"));

    const report = await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.file, s.reason]));
    expect(report.documents).toBe(process.getuid?.() === 0 ? 5 : 4); // root can read locked.txt
    expect(reasons["image.txt"]).toMatch(/binary/);
    expect(reasons["empty.md"]).toMatch(/empty/);
    expect(reasons["broken.pdf"]).toMatch(/PDF/);
    expect(reasons["data.bin"]).toMatch(/unsupported/);
    expect(reasons["loop/up"]).toMatch(/loop/);
    if (process.getuid?.() !== 0) expect(reasons["locked.txt"]).toMatch(/permission/);

    const qa = new Qa(await openIndex(index, embeddings), embeddings);
    expect(qa.sources().sort()).toEqual(expect.arrayContaining(["notes.md", "page.html", "report.pdf", PLAN_DOC]));
    const a = await qa.ask("How many rooms does the museum have?");
    expect(a.abstained).toBe(false);
    expect(a.citations[0]).toMatchObject({ source: "page.html", text: "The museum has 42 rooms." });
    const pdf = await qa.ask("How many passengers does the airport handle?");
    expect(pdf.citations.some((c) => c.source === "report.pdf" && c.text.includes("9 million"))).toBe(true);
  });
});

describe("incremental ingest", () => {
  it("embeds nothing on an unchanged corpus, only changed text after an edit, and drops deleted files", async () => {
    const { corpus, index } = await corpusWithPlan();
    await writeFile(path.join(corpus, "a.txt"), "Alpha paragraph about harbours.\n\nSecond alpha paragraph about ships.\n");
    await writeFile(path.join(corpus, "b.txt"), "Bravo text about railways and trains.\n");
    const first = await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    expect(first.embedded).toBe(first.chunks);

    const again = await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    expect(again).toMatchObject({ embedded: 0, upToDate: true, chunks: first.chunks });

    await writeFile(path.join(corpus, "b.txt"), "Bravo text about railways, trains and the new metro line.\n");
    const edited = await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    expect(edited.embedded).toBe(1);
    expect(edited.reused).toBe(edited.chunks - 1);
    expect((await ask(index, "What is new about the metro line?")).citations[0]?.source).toBe("b.txt");

    await rm(path.join(corpus, "a.txt"));
    const deleted = await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    expect(deleted.embedded).toBe(0);
    const idx = await openIndex(index, embeddings);
    expect(idx.sources()).not.toContain("a.txt");
    expect(idx.chunks.some((c) => c.source === "a.txt")).toBe(false);
    expect(Object.keys(idx.manifest.files)).not.toContain("a.txt");
  });
});

describe("repeated text", () => {
  it("is embedded once, and every chunk that holds it gets its vector", async () => {
    const root = await tempDir();
    const corpus = path.join(root, "corpus");
    const index = path.join(root, "index");
    await mkdir(corpus);
    const notice = "This report is confidential and meant only for the board of the harbour company.";
    await writeFile(path.join(corpus, "q1.txt"), `${notice}\n`);
    await writeFile(path.join(corpus, "q2.txt"), `${notice}\n`);
    await writeFile(path.join(corpus, "q3.txt"), "Rail freight grew by a tenth in the third quarter.\n");
    const seen: string[] = [];
    // The real model, watched: every text it is given is recorded.
    const watched = new LocalEmbeddings({ workers: 0 });
    const embedDocuments = watched.embedDocuments.bind(watched);
    watched.embedDocuments = async (texts: string[]) => {
      seen.push(...texts);
      return embedDocuments(texts);
    };
    const report = await ingest({ corpusDir: corpus, indexDir: index, embeddings: watched });
    expect(report).toMatchObject({ chunks: 3, embedded: 3 });
    expect(seen.filter((t) => t.includes("confidential"))).toHaveLength(1);
    expect(seen).toHaveLength(2);

    const saved = await readIndexContents((await currentVersion(index))!);
    const dims = saved.manifest.embedding.dims;
    const vectorOf = (source: string) => {
      const i = saved.chunks.findIndex((c) => c.source === source);
      return Array.from(saved.vectors.subarray(i * dims, (i + 1) * dims));
    };
    expect(vectorOf("q2.txt")).toEqual(vectorOf("q1.txt"));
    expect(vectorOf("q1.txt").some((v) => v !== 0)).toBe(true);
    expect(vectorOf("q3.txt")).not.toEqual(vectorOf("q1.txt"));
  });
});

describe("atomic ingest", () => {
  it("keeps the previous index answering when an ingest dies between write and swap", async () => {
    const { corpus, index } = await corpusWithPlan();
    await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    const before = await ask(index, "Which district will host the banking and insurance technology cluster?");
    expect(before.answer).toContain("Shijingshan");

    await writeFile(path.join(corpus, PLAN_DOC), "Completely different text about gardening.\n");
    await expect(
      ingest({
        corpusDir: corpus,
        indexDir: index,
        embeddings,
        beforePublish: async () => {
          throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    const after = await ask(index, "Which district will host the banking and insurance technology cluster?");
    expect(after.answer).toContain("Shijingshan");

    // The next ingest clears the dead staging folder and publishes.
    await ingest({ corpusDir: corpus, indexDir: index, embeddings });
    const leftovers = (await readdir(path.dirname(index))).filter((f) => f.endsWith(".tmp"));
    expect(leftovers).toEqual([]);
    expect((await ask(index, "What is the text about?")).answer).toMatch(/gardening/);
  });

  it("survives SIGKILL at random moments of a real ingest process", async () => {
    const { root, corpus, index } = await corpusWithPlan();
    for (let i = 0; i < 40; i++) {
      await writeFile(path.join(corpus, `doc-${i}.txt`), `Document ${i} says the tower has ${i + 3} floors. It was built in ${1900 + i}.\n`);
    }
    const run = (killAfterMs?: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(...projectCommand("scripts/ingest.ts", ["--corpus", corpus, "--index", index, "--json"]), {
          cwd: path.resolve(import.meta.dirname, ".."),
          env: { ...process.env, EMBED_WORKERS: "1" },
          stdio: "ignore",
        });
        const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
        child.on("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    expect(await run()).toBe(0);
    // Kill later ingests (each with a changed corpus) at spread-out moments; the index must
    // always open and answer.
    const moments = [50, 400, 900, 1400, 2000, 2600];
    for (const [i, ms] of moments.entries()) {
      await writeFile(path.join(corpus, `doc-${i}.txt`), `Document ${i} was rewritten in round ${i}; the tower now has ${i + 50} floors.\n`);
      await run(ms);
      const answer = await ask(index, "How many floors does the tower have?");
      expect(answer.citations.length).toBeGreaterThan(0);
      for (const c of answer.citations) expect(c.text.length).toBe(c.end - c.start);
    }
    expect(root).toBeTruthy();
  });
});
