import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../src/types.js";
import { PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";
import { run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

let corpus: string;
let index: string;
let plan: string;
const env = () => ({ CORPUS_DIR: corpus, INDEX_DIR: index });

beforeAll(async () => {
  const root = await tempDir();
  corpus = path.join(root, "corpus");
  index = path.join(root, "data", "index");
  await mkdir(corpus);
  await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(corpus, PLAN_DOC));
  await writeFile(path.join(corpus, "blob.txt"), Buffer.from([0, 1, 2, 3, 0, 255]));
  plan = await readFile(path.join(corpus, PLAN_DOC), "utf8");
});

function checkAnswer(a: Answer) {
  expect(typeof a.question).toBe("string");
  expect(typeof a.answer).toBe("string");
  expect(typeof a.abstained).toBe("boolean");
  expect(a.kind).toBe(a.abstained ? "abstain" : "answer");
  expect(a.timings).toEqual({ retrieveMs: expect.any(Number), answerMs: expect.any(Number), totalMs: expect.any(Number) });
  for (const c of a.citations) {
    expect(
      Object.keys(c)
        .filter((k) => k !== "highlight")
        .sort(),
    ).toEqual(["end", "n", "score", "source", "start", "text"]);
    expect(plan.slice(c.start, c.end)).toBe(c.text);
    // The short answer is a slice of the quote, so of the document.
    if (c.highlight) expect(c.highlight.start >= c.start && c.highlight.end <= c.end && c.highlight.start < c.highlight.end).toBe(true);
  }
  const markers = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  for (const n of markers) expect(a.citations.map((c) => c.n)).toContain(n);
}

describe("npm run ask / ingest", () => {
  it("ask without an index exits 3 and names npm run ingest", async () => {
    const r = await run("scripts/ask.ts", ["--json", "anything"], { env: env() });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("npm run ingest");
  });

  it("ingest --json prints one JSON object with the counts and skip reasons", async () => {
    const r = await run("scripts/ingest.ts", ["--json"], { env: env() });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ documents: 1, embedded: report.chunks, reused: 0 });
    expect(report.chunks).toBeGreaterThan(0);
    expect(report.skipped).toEqual([{ file: "blob.txt", reason: expect.stringMatching(/binary/) }]);
    expect(typeof report.ms).toBe("number");
    const again = JSON.parse((await run("scripts/ingest.ts", ["--json"], { env: env() })).stdout);
    expect(again).toMatchObject({ embedded: 0, reused: report.chunks });
  });

  it("ask --json prints only the Answer, with exact citations", async () => {
    const r = await run("scripts/ask.ts", ["--json", "Which district will host the banking and insurance technology cluster?"], { env: env() });
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Answer;
    checkAnswer(a);
    expect(a.abstained).toBe(false);
    expect(a.answer).toContain("Shijingshan");
    expect(a.citations[0]!.source).toBe(PLAN_DOC);
    // The direct answer leads, with the district itself marked as an exact slice.
    const h = a.citations[0]!.highlight!;
    expect(plan.slice(h.start, h.end)).toBe("Shijingshan District");
  });

  it("ask --json replies to a greeting in conversation: kind chat, no citations", async () => {
    const r = await run("scripts/ask.ts", ["--json", "hello 👋"], { env: env() });
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Answer;
    expect(a).toMatchObject({ kind: "chat", abstained: false, citations: [] });
    expect(a.answer).not.toMatch(/The documents do not say/);
  });

  it("ask --json abstains with exit 0 when the documents do not answer", async () => {
    const r = await run("scripts/ask.ts", ["--json", "What is Shanghai's fintech budget?"], { env: env() });
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Answer;
    checkAnswer(a);
    expect(a.abstained).toBe(true);
  });

  it("ask --batch answers every line with its id, loading the model once", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "q.jsonl");
    await writeFile(
      file,
      ['{"id":"a","question":"Where is the wealth management cluster?"}', '{"id":7,"question":"How many themes does the plan have?"}', '{"id":"c","question":"   "}', ""].join("\n"),
    );
    const r = await run("scripts/ask.ts", ["--json", "--batch", file], { env: env() });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["a", 7, "c"]);
    checkAnswer(lines[0]);
    expect(lines[0].answer).toContain("Tongzhou");
    expect(lines[1].answer).toMatch(/four/);
    expect(lines[2].error).toMatch(/type a question/);
  });

  it("ask --batch answers the good lines of a file with bad ones, reports each bad line in its place, and exits 2", async () => {
    const dir = await tempDir();
    const bad = path.join(dir, "bad.jsonl");
    await writeFile(bad, '{"id":1,"question":"Where is the wealth management cluster?"}\nnot json\n{"id":"x","q":"no question"}\n[]\n{"id":5,"question":"How many themes does the plan have?"}\n');
    const r = await run("scripts/ask.ts", ["--json", "--batch", bad], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/planbot: 3 lines of .*bad\.jsonl could not be read/);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([1, 2, "x", 4, 5]);
    checkAnswer(lines[0]);
    expect(lines[0].answer).toContain("Tongzhou");
    expect(lines[1]).toEqual({ id: 2, error: `${bad}:2: not valid JSON` });
    expect(lines[2]).toEqual({ id: "x", error: `${bad}:3: needs a "question" string` });
    expect(lines[3].error).toMatch(/needs a "question" string/);
    expect(lines[4].answer).toMatch(/four/);
  });

  it("bad usage and bad input files exit 2", async () => {
    const dir = await tempDir();
    for (const args of [["--nope"], [], ["--json", "--batch", path.join(dir, "missing.jsonl")], ["   "]]) {
      const r = await run("scripts/ask.ts", args, { env: env() });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/planbot: /);
    }
  });

  it("refuses an index built with another embedding model (exit 3)", async () => {
    const copy = path.join(await tempDir(), "index");
    // Rebuild into a separate index, then make its manifest claim another model.
    expect((await run("scripts/ingest.ts", ["--index", copy], { env: env() })).code).toBe(0);
    const manifestFile = path.join(copy, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    manifest.embedding.model = "some-other-model";
    await writeFile(manifestFile, JSON.stringify(manifest));
    const r = await run("scripts/ask.ts", ["--index", copy, "--json", "Which district?"], { env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/some-other-model.*npm run ingest/s);
  });
});

describe("npm start in the terminal", () => {
  it("builds a missing index, answers each piped line with its source, and exits at end of input", async () => {
    const fresh = path.join(await tempDir(), "index");
    const r = await run("src/main.ts", [], {
      env: { CORPUS_DIR: corpus, INDEX_DIR: fresh },
      input: "Which district will host the banking and insurance technology cluster?\nWho is the mayor of Shenzhen?\n",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Shijingshan");
    expect(r.stdout).toContain(PLAN_DOC);
    expect(r.stdout).toMatch(/The documents do not say/);
    expect(r.stderr).toMatch(/building the index/);
  });
});

describe("npm start's ingest runs in a child process with a heap limit", () => {
  it("an ingest that runs out of memory kills only that child: the bot answers from the previous index", async () => {
    const { corpus: own, index: idx } = await corpusWithPlan();
    expect((await run("scripts/ingest.ts", [], { env: { CORPUS_DIR: own, INDEX_DIR: idx } })).code).toBe(0);
    // A new file makes the index stale, and 33 MB of text does not fit a 16 MB heap: the
    // stand-in for a document that blows up a parser.
    await writeFile(path.join(own, "big.txt"), ("The harbour has many ships and the river port is busy. ".repeat(20) + "\n\n").repeat(30_000));
    const r = await run("src/main.ts", [], {
      env: { CORPUS_DIR: own, INDEX_DIR: idx, INGEST_MEMORY_MB: "16" },
      input: "Which district will host the banking and insurance technology cluster?\n",
    });
    expect(r.stderr).toMatch(/building the index/);
    expect(r.stderr).toMatch(/the ingest process ran out of memory or crashed \(heap limit 16 MB, INGEST_MEMORY_MB\)/);
    expect(r.stderr).toMatch(/answering from the previous one/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Shijingshan");
  });
});
