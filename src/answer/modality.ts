// Done versus planned. "Which insurance companies have already moved into the cluster?" asks
// what has happened; a plan that says where the cluster *will be* cannot answer it, however
// well its words match. Such a question needs a sentence that reports something done.
import type { EntityCheck } from "./entity-class.js";

// "already", "so far", "to date", or a present perfect ("have agreed", "has the plan received");
// not "have been named", which may ask how things stand, nor "did they have when…".
const NOT_PARTICIPLE = "(?!(?:been|when|then|while|if|because|that|which|who|where|even|often|open)\\b)";
const ASKS_DONE = new RegExp(
  `\\b(?:already|so\\s+far|to\\s+date|as\\s+of\\s+now|by\\s+now|until\\s+now|up\\s+to\\s+now)\\b` +
    `|(?<!\\bto\\s+)\\b(?:has|have)\\s+(?:${NOT_PARTICIPLE}[\\p{L}'’-]+\\s+){0,3}?${NOT_PARTICIPLE}[\\p{L}-]+(?:ed|en|wn|ght|ne)\\b`,
  "iu",
);

// A sentence that reports something done: a perfect or a past passive, a past time, or a named
// subject with a past verb ("Google unveiled…").
const REPORTS_DONE =
  /\b(?:has|have|had)\b[^.;:!?]{0,80}?\b[\p{L}-]+(?:ed|en|wn|ght|ne)\b|\b(?:was|were)\s+(?:[\p{L}-]+ly\s+)?[\p{L}-]+(?:ed|en|wn|ght|t)\b|\b(?:already|so\s+far|to\s+date|ago|recently|last\s+(?:year|month|week|decade))\b|(?:\b\p{Lu}[\p{L}'’-]+|\b(?:it|they|he|she|we))\s+(?:[\p{L}-]+ly\s+)?[\p{L}-]+ed\b/u;

/** Whether a question asks what has happened so far rather than what is planned or true. */
export function asksWhatIsDone(question: string): boolean {
  return ASKS_DONE.test(question) && !/\bhave\s+to\b/i.test(question);
}

/** Whether a sentence reports something done (not only planned or hoped for). */
export function reportsDone(sentence: string): boolean {
  return REPORTS_DONE.test(sentence);
}

/** The same inputs as the "which place or body" check. */
export type DoneCheck = EntityCheck;

/**
 * Why the passages cannot say what has been done: the question asks it, and no retrieved
 * sentence that reports something done also holds `minRestCoverage` of the question.
 */
export function doneGap(check: DoneCheck): string | undefined {
  if (!asksWhatIsDone(check.question) || check.questionTerms.length === 0) return undefined;
  const done = check.sentences.some((s) => reportsDone(s.text) && check.restCoverage(check.questionTerms, s.terms) >= check.minRestCoverage);
  return done ? undefined : "They speak of plans here, not of what has been done.";
}
