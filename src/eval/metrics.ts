// Aggregate metrics, computed only from per-question results, so anyone can recount them
// from the JSON report.
import type { Answer, AnswerKind } from "../types.js";

export interface QuestionResult {
  id: string;
  question: string;
  tags: string[];
  answerable: boolean;
  /** The kind of reply expected, and the kind given. */
  kind: AnswerKind;
  gotKind: AnswerKind;
  abstained: boolean;
  groupsMatched: number;
  groupsTotal: number;
  /** Answerable: not abstained and every group matched. Unanswerable: abstained. */
  correct: boolean;
  /** Rank of the first retrieved passage holding gold (null: not in the top k, or no gold). */
  goldRank: number | null;
  hasGold: boolean;
  citations: number;
  citationsValid: number;
  citationsOnGold: number;
  /** Answered with a quote from the paragraph that holds the gold (null: no gold). */
  citesGoldParagraph: boolean | null;
  /** The first quote holds the expected lead (null: the item gives none). */
  leadMatched: boolean | null;
  latencyMs: number;
  answer: Answer;
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  answerAccuracy: number | null;
  /** Expected chat: replied as chat, with no citations. */
  chatAccuracy: number | null;
  /** Items with an expected lead: the first quote holds it. */
  leadAccuracy: number | null;
  /** Answerable with gold: answered with a quote from the gold's paragraph. */
  goldParagraphCitation: number | null;
  groupRecall: number | null;
  abstentionPrecision: number | null;
  abstentionRecall: number | null;
  falseAbstention: number | null;
  hit1: number | null;
  hit5: number | null;
  mrr: number | null;
  citationPrecision: number | null;
  citationValidity: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function computeMetrics(results: QuestionResult[]): Metrics {
  const ans = results.filter((r) => r.kind === "answer");
  const unans = results.filter((r) => r.kind === "abstain");
  const chat = results.filter((r) => r.kind === "chat");
  const abstained = results.filter((r) => r.abstained);
  const leads = results.filter((r) => r.leadMatched !== null);
  const paragraphs = ans.filter((r) => r.citesGoldParagraph !== null);
  const withGold = ans.filter((r) => r.hasGold);
  const answered = ans.filter((r) => !r.abstained);
  return {
    questions: results.length,
    answerable: ans.length,
    unanswerable: unans.length,
    answerAccuracy: ratio(ans.filter((r) => r.correct).length, ans.length),
    chatAccuracy: ratio(chat.filter((r) => r.correct).length, chat.length),
    leadAccuracy: ratio(leads.filter((r) => r.leadMatched).length, leads.length),
    goldParagraphCitation: ratio(paragraphs.filter((r) => r.citesGoldParagraph).length, paragraphs.length),
    groupRecall: ratio(sum(ans.map((r) => (r.abstained ? 0 : r.groupsMatched))), sum(ans.map((r) => r.groupsTotal))),
    abstentionPrecision: ratio(abstained.filter((r) => r.kind === "abstain").length, abstained.length),
    abstentionRecall: ratio(unans.filter((r) => r.abstained).length, unans.length),
    falseAbstention: ratio(ans.filter((r) => r.abstained).length, ans.length),
    hit1: ratio(withGold.filter((r) => r.goldRank === 1).length, withGold.length),
    hit5: ratio(withGold.filter((r) => r.goldRank !== null && r.goldRank <= 5).length, withGold.length),
    mrr: ratio(sum(withGold.map((r) => (r.goldRank ? 1 / r.goldRank : 0))), withGold.length),
    citationPrecision: ratio(sum(answered.map((r) => r.citationsOnGold)), sum(answered.map((r) => r.citations))),
    citationValidity: ratio(sum(results.map((r) => r.citationsValid)), sum(results.map((r) => r.citations))),
    latencyP50: percentile(
      results.map((r) => r.latencyMs),
      50,
    ),
    latencyP95: percentile(
      results.map((r) => r.latencyMs),
      95,
    ),
  };
}

export function metricsByTag(results: QuestionResult[]): Record<string, Metrics> {
  const tags = [...new Set(results.flatMap((r) => r.tags))].sort();
  return Object.fromEntries(tags.map((t) => [t, computeMetrics(results.filter((r) => r.tags.includes(t)))]));
}
