// When to say "the documents do not say". One score cannot tell a near miss from an answer
// (another city, an amount the text never gives, a person it never names all score like real
// questions), so the rule checks what the question depends on, then how well the best
// sentence matches. Thresholds come from `npm run eval -- --calibrate` on eval/plan.jsonl.
import type { AnalyzedQuery } from "../retrieval/query.js";
import { nameTerms } from "../retrieval/query.js";
import { isCjk } from "../text/tokenize.js";
import type { AnswerType } from "./answer-type.js";
import type { SentencePick } from "./extractive.js";

export interface AbstentionSettings {
  /** Below this term coverage the best sentence is not an answer… */
  minCoverage: number;
  /** …unless the best passage is at least this close in meaning (cosine). */
  minDense: number;
}

export const DEFAULT_ABSTENTION: AbstentionSettings = { minCoverage: 0.05, minDense: 0.5 };

export interface AbstentionInput {
  query: AnalyzedQuery;
  inCorpus: (term: string) => boolean;
  /** Best sentence holding the expected kind of fact (or the best overall when none is expected). */
  best: SentencePick | undefined;
  bestUntyped: SentencePick | undefined;
  expectedType: AnswerType | undefined;
  topDense: number;
  settings: AbstentionSettings;
}

const TYPE_GAPS: Record<AnswerType, string> = {
  amount: "They give no amount of money for this.",
  count: "They give no number for this.",
  date: "They give no exact date for this.",
  time: "They give no date or time for this.",
  person: "They do not name the person.",
  named: "They do not name who.",
  percent: "They give no percentage for this.",
};

const STRICT_TYPES = new Set<AnswerType>(["count", "amount", "date", "percent"]);

export function decideAbstention(input: AbstentionInput): { abstain: boolean; reason?: string } {
  const { query, inCorpus, best, settings } = input;
  const gap = questionGap(query, inCorpus);
  if (gap) return { abstain: true, reason: gap };
  if (!input.bestUntyped) return { abstain: true, reason: "Nothing in them matches the question." };
  if (input.expectedType && !best) return { abstain: true, reason: TYPE_GAPS[input.expectedType] };
  const pick = best!;
  // A sentence that passed a strict check of the asked-for fact (a count of the counted
  // thing, an amount, a date) is relevant by construction; the loose gate is for the rest.
  const strict = input.expectedType !== undefined && STRICT_TYPES.has(input.expectedType);
  if (!strict && pick.coverage < settings.minCoverage && input.topDense < settings.minDense) {
    return { abstain: true, reason: "Nothing in them matches the question closely enough." };
  }
  return { abstain: false };
}

/**
 * Why the documents cannot answer the question whatever passage is picked (no words to look
 * for, or names the documents never mention), or undefined. The LLM answerer is not asked then.
 */
export function questionGap(query: AnalyzedQuery, inCorpus: (t: string) => boolean): string | undefined {
  if (query.terms.length === 0 && query.names.length === 0) return "The question has no words to look for.";
  const unknown = query.names.filter((n) => !isKnownName(n, inCorpus));
  if (unknown.length > 0) return `They do not mention ${unknown.map((n) => `“${n}”`).join(", ")}.`;
  return undefined;
}

// A name is known when the corpus has every word of it (CJK: most of its character pairs).
function isKnownName(name: string, inCorpus: (t: string) => boolean): boolean {
  if (isCjk(name)) {
    const chars = [...name];
    const pairs = chars.slice(1).map((c, i) => chars[i]! + c);
    return pairs.length > 0 && pairs.filter(inCorpus).length / pairs.length >= 0.5;
  }
  const ts = nameTerms(name);
  return ts.length > 0 && ts.every(inCorpus);
}
