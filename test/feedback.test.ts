// Feedback that changes something: a 👎 with its reason is stored with what was answered;
// `npm run feedback` summarises; `--export` writes eval cases that `npm run eval -- --dataset` runs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FeedbackStore, hashId } from "../src/feedback.js";
import { feedbackEvalCases, readFeedback, summarizeFeedback } from "../src/feedback-summary.js";
import { parseDataset } from "../src/eval/dataset.js";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import { run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

let dir: string;
let store: FeedbackStore;
const citation = { n: 1, source: "plan.txt", start: 10, end: 30, text: "a quoted passage, 20", score: 0.5, page: 2 };

beforeAll(async () => {
  dir = await tempDir();
  store = new FeedbackStore(dir);
  await store.record({ channel: "telegram", who: "42", question: "Which district hosts the cluster?", answer: "Xicheng [1]", vote: "up" });
  await store.record({ channel: "slack", who: "U1", question: "How much money?", answer: "The documents do not say.", vote: "down" });
  await store.record({ channel: "telegram", who: "43", question: "how much  money?", answer: "Bad [1]", vote: "down", citations: [citation], indexVersion: "v1" });
  await store.recordReason({
    channel: "telegram",
    who: "43",
    question: "how much  money?",
    answer: "Bad [1]",
    citations: [citation],
    indexVersion: "v1",
    reason: "wrong figure:\nit says 5 billion\u0007",
  });
});

describe("FeedbackStore", () => {
  it("stores a 👎's reason on one line with the question, answer, citations and index version; ids hashed", async () => {
    const lines = (await readFile(store.file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({
      type: "reason",
      vote: "down",
      who: hashId("43"),
      reason: "wrong figure: it says 5 billion",
      indexVersion: "v1",
      citations: [{ n: 1, source: "plan.txt", start: 10, end: 30, text: "a quoted passage, 20", page: 2 }],
    });
    expect(JSON.stringify(lines)).not.toContain('"43"');
    expect(await store.recordReason({ channel: "slack", who: "U1", question: "q", answer: "a", reason: " \n " })).toBe(false);
  });

  it("summarises votes per day and the worst questions", async () => {
    const { lines } = await readFeedback(store.file);
    const s = summarizeFeedback(lines);
    expect(s).toMatchObject({ up: 1, down: 2, reasons: 1 });
    expect(s.perDay).toEqual([{ day: new Date().toISOString().slice(0, 10), up: 1, down: 2 }]);
    expect(s.worst).toHaveLength(1);
    expect(s.worst[0]).toMatchObject({ down: 2, up: 0, reasons: ["wrong figure: it says 5 billion"] });
    const [c] = feedbackEvalCases(s);
    expect(c).toMatchObject({ answers: [], kind: "answer", feedback: { answer: "Bad [1]", indexVersion: "v1", citations: [{ source: "plan.txt", quote: "a quoted passage, 20" }] } });
    expect(parseDataset(JSON.stringify(c))).toHaveLength(1);
  });
});

describe("npm run feedback", () => {
  it("prints the summary; --export writes cases that npm run eval -- --dataset accepts", async () => {
    const summary = await run("scripts/feedback.ts", ["--file", store.file]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain("3 votes (1 👍, 2 👎), 1 reason");
    expect(summary.stdout).toMatch(/Worst questions[^]*👎 2 👍 0 {2}"How much money\?"[^]*reason: "wrong figure: it says 5 billion"/);

    const exported = path.join(dir, "cases.jsonl");
    const ex = await run("scripts/feedback.ts", ["--file", store.file, "--export", exported]);
    expect(ex.code).toBe(0);
    expect(ex.stderr).toContain("wrote 1 👎 question");
    const { corpus, index } = await corpusWithPlan();
    const out = path.join(dir, "report.json");
    const ev = await run("scripts/eval.ts", ["--dataset", exported, "--corpus", corpus, "--index", index, "--out", out], { timeoutMs: 180_000 });
    expect(ev.code, ev.stderr).toBe(0);
    expect(ev.stdout).toContain("1 questions from");
    const report = JSON.parse(await readFile(out, "utf8"));
    expect(report.retrievers.hybrid.questions[0].question).toBe("How much money?");
  }, 240_000);
});
