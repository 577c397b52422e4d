// `npm run eval -- --calibrate`: picks the retrieval weight with the best MRR, then the
// sentence-selection settings, then the abstention thresholds that maximise abstention F1
// (answerable vs unanswerable), ties broken by answer accuracy. Every setting is tried through
// the function the service answers with (`Qa.answerFrom`), so the calibrated rule is the rule.
// The defaults in the code (DEFAULT_RETRIEVAL, DEFAULT_EXTRACTIVE) are the values it printed.
import { DEFAULT_EXTRACTIVE, type ExtractiveSettings } from "../src/answer/extractive.js";
import type { AbstentionSettings } from "../src/answer/abstention.js";
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

interface Score {
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
}

const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 100) / 100);

export async function calibrate(qa: Qa, dataset: EvalItem[], corpusDir: string): Promise<Calibration> {
  // Small talk is answered before any retrieval; no setting here changes it.
  const items = dataset.filter((i) => i.kind !== "chat");
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
  const score = (settings: ExtractiveSettings) => scoreSettings(qa, items, retrievals, settings);

  // 2. Sentence selection, with the current thresholds.
  let selection = { coverageWeight: DEFAULT_EXTRACTIVE.coverageWeight, secondRatio: DEFAULT_EXTRACTIVE.secondRatio, score: score(DEFAULT_EXTRACTIVE) };
  for (const coverageWeight of range(0.3, 0.8, 0.1)) {
    for (const secondRatio of [...range(0.5, 0.95, 0.05), 1.01]) {
      const s = score({ ...DEFAULT_EXTRACTIVE, coverageWeight, secondRatio });
      if (better(s, selection.score)) selection = { coverageWeight, secondRatio, score: s };
    }
  }

  // 3. The relevance thresholds, with that selection.
  const rows: Array<{ abstention: AbstentionSettings; score: Score }> = [];
  for (const minCoverage of range(0, 0.9, 0.05)) {
    for (const minDense of range(0, 0.9, 0.05)) {
      const abstention = { ...DEFAULT_EXTRACTIVE.abstention, minCoverage, minDense };
      rows.push({ abstention, score: score({ ...DEFAULT_EXTRACTIVE, coverageWeight: selection.coverageWeight, secondRatio: selection.secondRatio, abstention }) });
    }
  }
  const top = Math.max(...rows.map((r) => r.score.f1));
  const atTop = rows.filter((r) => r.score.f1 >= top - 1e-9);
  const acc = Math.max(...atTop.map((r) => r.score.accuracy));
  const plateau = atTop.filter((r) => r.score.accuracy >= acc - 1e-9);
  // The middle of the plateau generalises better than its edge.
  const chosen = plateau[Math.floor(plateau.length / 2)]!;
  return {
    questions: items.length,
    retrieval: { denseWeight: bestRetrieval.denseWeight, mrr: bestRetrieval.mrr, tried },
    extractive: { coverageWeight: selection.coverageWeight, secondRatio: selection.secondRatio },
    abstention: { minCoverage: chosen.abstention.minCoverage, minDense: chosen.abstention.minDense },
    f1: chosen.score.f1,
    precision: chosen.score.precision,
    recall: chosen.score.recall,
    answerAccuracy: chosen.score.accuracy,
  };
}

/** Abstention F1 and answer accuracy of the service's answers under `settings`. */
export function scoreSettings(qa: Qa, items: EvalItem[], retrievals: Retrieval[], settings: ExtractiveSettings): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let right = 0;
  items.forEach((item, i) => {
    const result = qa.answerFrom(item.question, retrievals[i]!, settings);
    const abstain = result.abstained;
    if (abstain && !item.answerable) tp++;
    else if (abstain && item.answerable) fp++;
    else if (!abstain && !item.answerable) fn++;
    if (!abstain && item.answerable) {
      const answer = composeAnswer(item.question, result, { retrieveMs: 0, answerMs: 0, totalMs: 0 });
      if (groupsMatched(item, answer) === item.answers.length) right++;
    }
  });
  const answerable = items.filter((i) => i.answerable).length;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall, accuracy: answerable ? right / answerable : 0 };
}

// Sentence selection is judged by answer accuracy first, then abstention F1.
function better(a: Score, b: Score): boolean {
  if (Math.abs(a.accuracy - b.accuracy) > 1e-9) return a.accuracy > b.accuracy;
  return a.f1 > b.f1 + 1e-9;
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
