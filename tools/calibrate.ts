// `npm run eval -- --calibrate`: picks the retrieval weight with the best MRR, then the
// sentence-selection settings and abstention thresholds that maximise abstention F1
// (answerable vs unanswerable), ties broken by answer accuracy. The defaults in the code
// (DEFAULT_RETRIEVAL, DEFAULT_EXTRACTIVE) are the values it printed.
import { answerExtractively, DEFAULT_EXTRACTIVE, type ExtractiveResult, type ExtractiveSettings } from "../src/answer/extractive.js";
import { tooFarFromQuestion } from "../src/answer/abstention.js";
import { composeAnswer } from "../src/answer/compose.js";
import type { Qa } from "../src/qa.js";
import { DEFAULT_RETRIEVAL, type Retrieval } from "../src/retrieval/retriever.js";
import type { EvalItem } from "../src/eval/dataset.js";
import { goldRank, goldSpans, groupsMatched } from "../src/eval/judge.js";
import { corpusReader } from "../src/eval/run-eval.js";

export interface Calibration {
  questions: number;
  retrieval: { denseWeight: number; mrr: number; tried: Array<{ denseWeight: number; mrr: number }> };
  extractive: { coverageWeight: number; secondRatio: number };
  abstention: { minCoverage: number; minDense: number };
  f1: number;
  precision: number;
  recall: number;
  answerAccuracy: number;
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 100) / 100);

interface Features {
  answerable: boolean;
  hardAbstain: boolean;
  relevance: ExtractiveResult["relevance"];
  /** The answer is right if it is not abstained. */
  rightIfAnswered: boolean;
}

export async function calibrate(qa: Qa, items: EvalItem[], corpusDir: string): Promise<Calibration> {
  const docs = corpusReader(corpusDir);
  await docs.load([...new Set(items.flatMap((i) => i.gold.map((g) => g.source)))]);

  // 1. Retrieval: the dense weight with the best MRR on answerable questions with gold.
  const withGold = items.filter((i) => i.answerable && i.gold.length > 0);
  const tried: Array<{ denseWeight: number; mrr: number }> = [];
  for (const denseWeight of range(0, 0.7, 0.05)) {
    let rr = 0;
    for (const item of withGold) {
      const { retrieval } = await qa.askTraced(item.question, { retrieval: { denseWeight }, answerer: "extractive" });
      const rank = goldRank(item, retrieval.passages, goldSpans(item, docs.text));
      rr += rank ? 1 / rank : 0;
    }
    tried.push({ denseWeight, mrr: withGold.length ? rr / withGold.length : 0 });
  }
  const bestRetrieval = tried.reduce((a, b) => (b.mrr > a.mrr + 1e-9 ? b : a));

  const retrievals: Retrieval[] = [];
  for (const item of items) {
    // Only retrieval matters here: a configured language model is not asked.
    retrievals.push((await qa.askTraced(item.question, { retrieval: { denseWeight: bestRetrieval.denseWeight }, answerer: "extractive" })).retrieval);
  }

  // 2. Sentence selection and thresholds.
  let best: Calibration | undefined;
  for (const coverageWeight of range(0.3, 0.8, 0.1)) {
    for (const secondRatio of [...range(0.5, 0.95, 0.05), 1.01]) {
      const settings: ExtractiveSettings = {
        ...DEFAULT_EXTRACTIVE,
        coverageWeight,
        secondRatio,
        abstention: { ...DEFAULT_EXTRACTIVE.abstention, minCoverage: -1, minDense: -1 },
      };
      const features: Features[] = items.map((item, i) => {
        const result = answerExtractively(qa.index, retrievals[i]!, settings);
        const answer = composeAnswer(item.question, result, { retrieveMs: 0, answerMs: 0, totalMs: 0 });
        return {
          answerable: item.answerable,
          hardAbstain: result.abstained,
          relevance: result.relevance,
          rightIfAnswered: item.answerable && groupsMatched(item, answer) === item.answers.length,
        };
      });
      const t = bestThresholds(features);
      const candidate: Calibration = {
        questions: items.length,
        retrieval: { denseWeight: bestRetrieval.denseWeight, mrr: bestRetrieval.mrr, tried },
        extractive: { coverageWeight, secondRatio },
        abstention: { minCoverage: t.minCoverage, minDense: t.minDense },
        f1: t.f1,
        precision: t.precision,
        recall: t.recall,
        answerAccuracy: t.accuracy,
      };
      if (!best || better(candidate, best)) best = candidate;
    }
  }
  return best!;
}

function better(a: Calibration, b: Calibration): boolean {
  if (Math.abs(a.answerAccuracy - b.answerAccuracy) > 1e-9) return a.answerAccuracy > b.answerAccuracy;
  return a.f1 > b.f1 + 1e-9;
}

function bestThresholds(features: Features[]) {
  type Row = { minCoverage: number; minDense: number; f1: number; precision: number; recall: number; accuracy: number };
  const rows: Row[] = [];
  const answerable = features.filter((f) => f.answerable).length;
  for (const minCoverage of range(0, 0.9, 0.05)) {
    for (const minDense of range(0, 0.9, 0.05)) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      let right = 0;
      for (const f of features) {
        const abstain = f.hardAbstain || tooFarFromQuestion(f.relevance, { minCoverage, minDense });
        if (abstain && !f.answerable) tp++;
        else if (abstain && f.answerable) fp++;
        else if (!abstain && !f.answerable) fn++;
        if (!abstain && f.rightIfAnswered) right++;
      }
      const precision = tp + fp ? tp / (tp + fp) : 0;
      const recall = tp + fn ? tp / (tp + fn) : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      rows.push({ minCoverage, minDense, f1, precision, recall, accuracy: answerable ? right / answerable : 0 });
    }
  }
  const top = Math.max(...rows.map((r) => r.f1));
  const atTop = rows.filter((r) => r.f1 >= top - 1e-9);
  const acc = Math.max(...atTop.map((r) => r.accuracy));
  const plateau = atTop.filter((r) => r.accuracy >= acc - 1e-9);
  // The middle of the plateau generalises better than its edge.
  return plateau[Math.floor(plateau.length / 2)]!;
}

export function formatCalibration(c: Calibration): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `Calibrated on ${c.questions} questions.`,
    `retrieval: denseWeight=${c.retrieval.denseWeight} (MRR ${c.retrieval.mrr.toFixed(3)}; tried ${c.retrieval.tried.map((t) => `${t.denseWeight}:${t.mrr.toFixed(3)}`).join(" ")})`,
    `extractive: coverageWeight=${c.extractive.coverageWeight} secondRatio=${c.extractive.secondRatio}`,
    `abstention: minCoverage=${c.abstention.minCoverage} minDense=${c.abstention.minDense}`,
    `abstention F1 ${pct(c.f1)} (precision ${pct(c.precision)}, recall ${pct(c.recall)}); answer accuracy ${pct(c.answerAccuracy)}`,
    `current defaults: denseWeight=${DEFAULT_RETRIEVAL.denseWeight} coverageWeight=${DEFAULT_EXTRACTIVE.coverageWeight} secondRatio=${DEFAULT_EXTRACTIVE.secondRatio} minCoverage=${DEFAULT_EXTRACTIVE.abstention.minCoverage} minDense=${DEFAULT_EXTRACTIVE.abstention.minDense}`,
  ].join("\n");
}
