// The quality gate: the question sets through the real pipeline, against the floors in
// eval/quality-gate.json. A set names its corpus (default: the plan article).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readDataset } from "../src/eval/dataset.js";
import { computeMetrics, type Metrics } from "../src/eval/metrics.js";
import { evaluate } from "../src/eval/run-eval.js";
import { Qa } from "../src/qa.js";
import { corpusConfig, planQa, PLAN_CORPUS } from "./helpers/plan-qa.js";
import { ROOT } from "./helpers/run.js";

interface Gate {
  corpus?: string;
  answerAccuracy?: number;
  abstentionRecall?: number;
  abstentionPrecision?: number;
  falseAbstentionMax?: number;
  citationValidity?: number;
  hit5?: number;
  chatAccuracy?: number;
  leadAccuracy?: number;
  goldParagraphCitation?: number;
  /** Metrics on which the hybrid pipeline must do at least as well as plain BM25 with the same passages. */
  atLeastLexical?: Array<keyof Metrics>;
}

const FLOORS = ["answerAccuracy", "abstentionRecall", "abstentionPrecision", "citationValidity", "hit5", "chatAccuracy", "leadAccuracy", "goldParagraphCitation"] as const;

const gates = JSON.parse(readFileSync(path.join(ROOT, "eval/quality-gate.json"), "utf8")) as Record<string, Gate | string>;

describe.each(Object.entries(gates).filter(([k]) => !k.startsWith("_")) as Array<[string, Gate]>)("quality gate %s", (dataset, gate) => {
  it("meets every floor", async () => {
    const corpus = gate.corpus ? path.join(ROOT, gate.corpus) : PLAN_CORPUS;
    const qa = gate.corpus ? await corpusQa(corpus) : await planQa();
    const items = await readDataset(path.join(ROOT, dataset));
    const retrievers = gate.atLeastLexical ? (["hybrid", "lexical"] as const) : (["hybrid"] as const);
    const report = await evaluate(qa, items, { retrievers: [...retrievers], corpusDir: corpus, dataset });
    const m = report.retrievers.hybrid!.overall;
    for (const k of FLOORS) if (gate[k] !== undefined) expect(m[k], k).toBeGreaterThanOrEqual(gate[k]);
    if (gate.falseAbstentionMax !== undefined) expect(m.falseAbstention).toBeLessThanOrEqual(gate.falseAbstentionMax);
    for (const k of gate.atLeastLexical ?? []) expect(m[k], k).toBeGreaterThanOrEqual(report.retrievers.lexical!.overall[k] as number);

    // The report's numbers are a recount of its own per-question results.
    const qs = report.retrievers.hybrid!.questions;
    expect(computeMetrics(qs)).toEqual(m);
    const answerable = qs.filter((q) => q.kind === "answer");
    if (answerable.length) expect(m.answerAccuracy).toBeCloseTo(answerable.filter((q) => q.gotKind === "answer" && q.groupsMatched === q.groupsTotal).length / answerable.length, 10);
  }, 180_000);
});

// Sets over the same corpus share one index (built once: embedding is the slow part).
const opened = new Map<string, Promise<Qa>>();
function corpusQa(corpus: string): Promise<Qa> {
  if (!opened.has(corpus)) opened.set(corpus, corpusConfig(corpus).then((config) => Qa.open(config)));
  return opened.get(corpus)!;
}
afterAll(async () => {
  for (const qa of opened.values()) await (await qa).close();
});
