// The quality gate: the plan question sets through the real pipeline, against the floors in
// eval/quality-gate.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset } from "../src/eval/dataset.js";
import { computeMetrics } from "../src/eval/metrics.js";
import { evaluate } from "../src/eval/run-eval.js";
import { corpusQa, planQa, PLAN_CORPUS } from "./helpers/plan-qa.js";
import { crossLanguage, formatCrossLanguage } from "../src/eval/cross-language.js";
import { ROOT } from "./helpers/run.js";

interface Gate {
  answerAccuracy: number;
  abstentionRecall: number;
  abstentionPrecision: number;
  falseAbstentionMax: number;
  citationValidity: number;
  hit5: number;
}

const gates = JSON.parse(readFileSync(path.join(ROOT, "eval/quality-gate.json"), "utf8")) as Record<string, Gate | string>;

describe.each(Object.entries(gates).filter(([k]) => k.endsWith(".jsonl")) as Array<[string, Gate]>)("quality gate %s", (dataset, gate) => {
  it("meets every floor", async () => {
    const qa = await planQa();
    const items = await readDataset(path.join(ROOT, dataset));
    const report = await evaluate(qa, items, { retrievers: ["hybrid"], corpusDir: PLAN_CORPUS, dataset });
    const m = report.retrievers.hybrid!.overall;
    expect(m.citationValidity).toBeGreaterThanOrEqual(gate.citationValidity);
    expect(m.answerAccuracy).toBeGreaterThanOrEqual(gate.answerAccuracy);
    expect(m.abstentionRecall).toBeGreaterThanOrEqual(gate.abstentionRecall);
    expect(m.abstentionPrecision).toBeGreaterThanOrEqual(gate.abstentionPrecision);
    expect(m.falseAbstention).toBeLessThanOrEqual(gate.falseAbstentionMax);
    expect(m.hit5).toBeGreaterThanOrEqual(gate.hit5);

    // The report's numbers are a recount of its own per-question results.
    const qs = report.retrievers.hybrid!.questions;
    expect(computeMetrics(qs)).toEqual(m);
    const answerable = qs.filter((q) => q.answerable);
    expect(m.answerAccuracy).toBeCloseTo(answerable.filter((q) => !q.abstained && q.groupsMatched === q.groupsTotal).length / answerable.length, 10);
  });
});

interface CrossLanguageGate {
  corpus: string;
  datasets: string[];
  goldParagraphRatioMin: number;
  zhFalseAbstentionMax: number;
  citationValidity: number;
}

describe("quality gate: Chinese questions over English text", () => {
  const gate = gates.crossLanguage as unknown as CrossLanguageGate;
  it("cites the gold paragraph nearly as often as the same questions in English, and seldom refuses", async () => {
    const corpusDir = path.join(ROOT, gate.corpus);
    const qa = await corpusQa(corpusDir);
    const items = (await Promise.all(gate.datasets.map((d) => readDataset(path.join(ROOT, d))))).flat();
    const report = await evaluate(qa, items, { retrievers: ["hybrid"], corpusDir, dataset: gate.datasets.join(",") });
    await qa.close();
    const c = crossLanguage(report.retrievers.hybrid!.questions)!;
    expect(c.pairs).toBe(items.length / 2);
    expect(c.ratio, formatCrossLanguage(c)).toBeGreaterThanOrEqual(gate.goldParagraphRatioMin);
    expect(c.translatedFalseAbstention, formatCrossLanguage(c)).toBeLessThanOrEqual(gate.zhFalseAbstentionMax);
    expect(report.retrievers.hybrid!.overall.citationValidity).toBeGreaterThanOrEqual(gate.citationValidity);
  }, 300_000);
});
