import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDataset } from "../src/eval/dataset.js";
import { fold, goldRank, goldSpans, groupsMatched } from "../src/eval/judge.js";
import { computeMetrics, percentile, type QuestionResult } from "../src/eval/metrics.js";
import { markdownReport } from "../src/eval/report.js";
import type { EvalReport } from "../src/eval/run-eval.js";
import type { Answer, Passage } from "../src/types.js";
import { run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

const answer = (text: string, abstained = false): Answer => ({
  question: "q",
  answer: text,
  kind: abstained ? "abstain" : "answer",
  abstained,
  citations: [],
  timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
});

describe("dataset format", () => {
  it("parses items and defaults answerable to true", () => {
    const items = parseDataset('{"id":"a","question":"Q?","answers":[["x","y"],["z"]],"gold":[{"source":"d.txt","quote":"x z"}],"tags":["t"]}\n\n{"id":"b","question":"R?","answerable":false}');
    expect(items[0]).toMatchObject({ id: "a", answerable: true, answers: [["x", "y"], ["z"]], tags: ["t"] });
    expect(items[1]).toMatchObject({ id: "b", answerable: false, answers: [], gold: [] });
  });

  it("names the line of a bad record", () => {
    expect(() => parseDataset('{"id":"a","question":"Q"}\n{"id":"a","question":"R"}', "set.jsonl")).toThrow("set.jsonl:2: duplicate id a");
    expect(() => parseDataset('{"question":""}', "s")).toThrow(/s:1/);
    expect(() => parseDataset('{"question":"q","answers":"x"}', "s")).toThrow(/answers/);
  });
});

describe("judging", () => {
  const item = parseDataset('{"id":"a","question":"Q","answers":[["five to ten","5-10"],["2022"]],"gold":[{"source":"d.txt","quote":"by 2022"}]}')[0]!;

  it("needs every group, any alternative, ignoring case, quotes and dashes", () => {
    expect(groupsMatched(item, answer("FIVE to ten firms by 2022"))).toBe(2);
    expect(groupsMatched(item, answer("5–10 firms"))).toBe(1);
    expect(fold("“A”—b")).toBe('"a"-b');
  });

  it("ranks the first passage that holds the gold quote", () => {
    const doc = "Intro. The city wants five firms by 2022. End.";
    const spans = goldSpans(item, () => doc);
    const passage = (start: number, end: number): Passage => ({ chunk: { id: "x", source: "d.txt", start, end, text: doc.slice(start, end) }, score: 1 });
    expect(goldRank(item, [passage(0, 6), passage(7, 41)], spans)).toBe(2);
    expect(goldRank(item, [passage(0, 6)], spans)).toBeUndefined();
  });
});

describe("metrics", () => {
  const r = (over: Partial<QuestionResult>): QuestionResult => {
    const answerable = over.answerable ?? true;
    return {
      id: "x",
      question: "q",
      tags: [],
      answerable,
      kind: answerable ? "answer" : "abstain",
      gotKind: over.abstained ? "abstain" : "answer",
      abstained: false,
      groupsMatched: 1,
      groupsTotal: 1,
      correct: true,
      goldRank: 1,
      hasGold: true,
      citations: 2,
      citationsValid: 2,
      citationsOnGold: 1,
      citesGoldParagraph: null,
      leadMatched: null,
      latencyMs: 10,
      answer: answer("a"),
      ...over,
    };
  };

  it("counts accuracy, abstention and retrieval from the per-question results", () => {
    const m = computeMetrics([
      r({ citesGoldParagraph: true }),
      r({ correct: false, groupsMatched: 0, goldRank: 3, latencyMs: 30 }),
      r({ abstained: true, correct: false, goldRank: null, citations: 0, citationsValid: 0, citationsOnGold: 0, citesGoldParagraph: false }),
      r({ answerable: false, abstained: true, correct: true, hasGold: false, goldRank: null }),
      r({ answerable: false, abstained: false, correct: false, hasGold: false, goldRank: null }),
    ]);
    expect(m.answerAccuracy).toBeCloseTo(1 / 3);
    expect(m.abstentionPrecision).toBeCloseTo(1 / 2);
    expect(m.abstentionRecall).toBeCloseTo(1 / 2);
    expect(m.falseAbstention).toBeCloseTo(1 / 3);
    expect(m.hit1).toBeCloseTo(1 / 3);
    expect(m.hit5).toBeCloseTo(2 / 3);
    expect(m.mrr).toBeCloseTo((1 + 1 / 3) / 3);
    expect(m.citationPrecision).toBeCloseTo(2 / 4);
    expect(m.citationValidity).toBe(1);
    expect(m.goldParagraphCitation).toBeCloseTo(1 / 2);
    expect(percentile([1, 2, 3, 4, 100], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 100], 95)).toBe(100);
  });

  it("shows the change against a baseline row by row", () => {
    const m = computeMetrics([r({})]);
    const base = computeMetrics([r({ correct: false, groupsMatched: 0 })]);
    const rep = (x: typeof m): EvalReport => ({ dataset: "d", corpus: "c", createdAt: "", retrievers: { hybrid: { overall: x, byTag: {}, questions: [] } } });
    expect(markdownReport(rep(m), rep(base))).toContain("100.0% (+100.0)");
  });
});

describe("npm run eval", () => {
  it("prints the table for three retrievers, writes per-question JSON and compares with a baseline", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "report.json");
    const dataset = path.join(dir, "mini.jsonl");
    const lines = (await readFile("eval/plan.jsonl", "utf8")).split("\n").filter(Boolean);
    await (await import("node:fs/promises")).writeFile(dataset, [...lines.slice(0, 6), ...lines.slice(-3)].join("\n"));
    const env = { INDEX_DIR: path.join(dir, "index") };
    const r = await run("scripts/eval.ts", ["--dataset", dataset, "--retrievers", "hybrid,dense,lexical", "--out", out], { env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    for (const mode of ["hybrid", "dense", "lexical"]) expect(r.stdout).toContain(`| ${mode} | **all** | 9 |`);
    const report = JSON.parse(await readFile(out, "utf8")) as EvalReport;
    expect(report.retrievers.hybrid!.questions).toHaveLength(9);
    for (const q of report.retrievers.hybrid!.questions) expect(q.answer.citations).toBeDefined();
    const again = await run("scripts/eval.ts", ["--dataset", dataset, "--baseline", out], { env, timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\(=\)/);
  });
});
