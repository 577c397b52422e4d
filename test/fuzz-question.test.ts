// The question path under hostile input, in process (fast-check against the real QaService over
// the plan article) and through the real commands (`npm run ask`, `--batch`, the terminal chat):
// empty, whitespace, control characters, lone surrogates, invalid UTF-8, 100k characters.
// Every input gets an answer (exact citations, valid markers) or a clear message: never a crash,
// never a hang.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { BadQuestionError, cleanQuestion, MAX_QUESTION_CHARS, type Qa } from "../src/qa.js";
import type { Answer } from "../src/types.js";
import { planQa } from "./helpers/plan-qa.js";
import { ROOT, run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const runs = (n: number) => ({ numRuns: Number(process.env.FUZZ_RUNS ?? n), seed: SEED });

let qa: Qa;
let indexDir: string;
beforeAll(async () => {
  qa = await planQa();
  indexDir = qa.index.where;
}, 120_000);

const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));
const questionPiece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("How many", "fintech", "companies", "Beijing", "cluster", "district", "2022", "?", " ", "What", "who", "when") },
  { weight: 1, arbitrary: char(0, 0x1f) }, // control characters
  { weight: 1, arbitrary: char(0x7f, 0x9f) },
  { weight: 1, arbitrary: char(0xd800, 0xdfff) }, // lone surrogates (invalid UTF-8 decoded badly, cut emoji)
  {
    weight: 1,
    arbitrary: fc.constantFrom("\uFFFD", "\uFEFF", "\u200b", "\u202e", "北京", "金融科技", "😀", "👨‍👩‍👧", "e\u0301", "שלום", "\r\n", "\t", "<b>", "&amp;", "*x*", "%s", "${x}", "'; DROP TABLE"),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);
const question = fc.oneof(
  { weight: 8, arbitrary: fc.array(questionPiece, { maxLength: 40 }).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.tuple(questionPiece, fc.integer({ min: 100, max: 120_000 })).map(([p, n]) => (p || "a").repeat(n).slice(0, 120_000)) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\t\n\r ", "\u0000", "\u00a0\u3000", "?".repeat(MAX_QUESTION_CHARS), "word ".repeat(400)) },
);

/** The Answer contract (docs/architecture.md, The Answer JSON): exact citations, markers that point at citations. */
function checkAnswer(a: Answer) {
  expect(typeof a.answer).toBe("string");
  expect(a.answer.trim()).not.toBe("");
  expect(typeof a.abstained).toBe("boolean");
  for (const c of a.citations) expect(qa.index.document(c.source)!.slice(c.start, c.end)).toBe(c.text);
  const ns = new Set(a.citations.map((c) => c.n));
  for (const m of a.answer.matchAll(/\[(\d+)\]/g)) expect(ns.has(Number(m[1]))).toBe(true);
}

describe("cleanQuestion (fuzzed)", () => {
  it("returns text without control characters or lone surrogates, within the limit, or says why not", () => {
    fc.assert(
      fc.property(question, (raw) => {
        let q: string;
        try {
          q = cleanQuestion(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(BadQuestionError);
          expect((err as Error).message).toMatch(/type a question|too long/);
          return;
        }
        expect(q).toBe(q.trim());
        expect(q.length).toBeGreaterThan(0);
        expect(q.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
        expect(q).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
        expect(q).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(cleanQuestion(q)).toBe(q); // idempotent
      }),
      runs(1000),
    );
  });
});

describe("QaService.ask (fuzzed, the real service over the plan article)", () => {
  it("answers (or abstains) with exact citations, or throws BadQuestionError, quickly", async () => {
    await fc.assert(
      fc.asyncProperty(question, async (q) => {
        const t0 = performance.now();
        let answer: Answer;
        try {
          answer = await qa.ask(q);
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(BadQuestionError);
          return;
        }
        expect(performance.now() - t0).toBeLessThan(3_000);
        checkAnswer(answer);
      }),
      runs(150),
    );
  });
});

describe("the commands with hostile input", () => {
  it("npm run ask: empty, whitespace, control characters and 100k characters exit 2 or answer; never crash", async () => {
    const cases: Array<[string, number]> = [
      ["", 2],
      [" \t ", 2],
      ["\u0001\u0002\u0007", 2],
      ["x".repeat(100_000), 2],
      ["\u0007Which district will host the banking\u0008 cluster?\u001b[31m", 0], // (argv cannot hold NUL)
      ["北京的金融科技发展规划是什么？", 0],
    ];
    // Two at a time (2 cores): each is a whole process start.
    const results: Awaited<ReturnType<typeof run>>[] = [];
    for (let i = 0; i < cases.length; i += 2) {
      results.push(...(await Promise.all(cases.slice(i, i + 2).map(([q]) => run("scripts/ask.ts", ["--index", indexDir, "--json", q], { timeoutMs: 60_000 })))));
    }
    for (const [i, [q, code]] of cases.entries()) {
      const r = results[i]!;
      const what = JSON.stringify(q.slice(0, 40));
      expect(r.code, what + r.stderr).toBe(code);
      if (code === 0) checkAnswer(JSON.parse(r.stdout) as Answer);
      else {
        expect(r.stdout, what).toBe("");
        expect(r.stderr, what).toMatch(/^planbot: (Please type a question|That question is too long)/m);
        expect(r.stderr, what).not.toMatch(/\n\s+at /); // a message, not a stack trace
      }
    }
  });

  it("npm run ask: invalid UTF-8 in the arguments is read as replacement characters and answered", async () => {
    // Bytes that are not UTF-8 can only be put in argv by a shell.
    const r = await run(
      "-c",
      [`exec "${process.execPath}" --import tsx scripts/ask.ts --index "$1" --json "$(printf 'Which district\\xff\\xfe will host the banking cluster? caf\\xe9 \\xc0\\xaf')"`, "x", indexDir],
      { command: "bash", timeoutMs: 90_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as Answer;
    checkAnswer(a);
    expect(a.question).toContain("\uFFFD");
  });

  it("npm run ask --batch: every hostile line gets its own answer or error line, in order", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "nasty.jsonl");
    const questions = [
      "Where is the wealth management cluster?",
      "",
      "\u0000\u0001",
      "y".repeat(100_000),
      "\ud83d", // half an emoji
      "What is <b>Beijing</b> &amp; planning?",
      "   Which district will host the banking cluster?   ",
    ];
    const lines = questions.map((q, i) => JSON.stringify({ id: i, question: q }));
    // Invalid UTF-8 inside a JSON string (read as U+FFFD), and a line of raw control bytes.
    const bytes = Buffer.concat([Buffer.from(lines.join("\n") + "\n"), Buffer.from('{"id":"bad","question":"caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' cluster?"}\n')]);
    await writeFile(file, bytes);
    const r = await run("scripts/ask.ts", ["--index", indexDir, "--json", "--batch", file], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Answer & { id: unknown; error?: string });
    expect(out.map((o) => o.id)).toEqual([0, 1, 2, 3, 4, 5, 6, "bad"]);
    for (const o of out) {
      if (o.error) expect(o.error).toMatch(/type a question|too long/);
      else checkAnswer(o);
    }
    expect(out.filter((o) => o.error).map((o) => o.id)).toEqual([1, 2, 3, 4]);
  });

  it("the terminal chat answers every piped line, however hostile, and exits 0 at the end", async () => {
    const lines = [
      "",
      "   ",
      "\u0001\u0002\u0003",
      "z".repeat(100_000),
      "Which district will host the banking and insurance technology cluster?",
      "/help",
      "\u001b[2J\u001b[H clear screen?",
      "Who is the mayor of Shenzhen?",
    ];
    const input = Buffer.concat([Buffer.from(lines.join("\r\n") + "\n"), Buffer.from([0xff, 0xfe, 0x0a])]);
    const r = await run("src/main.ts", [], { env: { INDEX_DIR: indexDir, CORPUS_DIR: path.join(ROOT, "corpus") }, input, timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Shijingshan");
    expect(r.stdout).toMatch(/too long/);
    expect(r.stdout).toMatch(/Please type a question/);
    expect(r.stdout).toMatch(/The documents do not say/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
