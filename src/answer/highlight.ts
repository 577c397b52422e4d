// The short answer inside the lead sentence of a direct question ("which district…",
// "how many…", "when…"): a span of the asked-for kind (a name, a number, a date) that sits
// closest to the question's own words. Always a slice of the sentence, so of the document.
import { terms } from "../text/tokenize.js";
import type { AnswerType } from "./answer-type.js";

export type DirectKind = AnswerType | "place" | "thing";

const NUM = "(?:\\d[\\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a dozen|dozens|several)";
const NUMBER = new RegExp(
  `(?:[$¥€£]\\s?)?${NUM}(?:\\s*(?:to|-|–|or|and)\\s*${NUM})?(?:\\s*(?:%|percent|per cent|million|billion|trillion|thousand|hundred))*(?:\\s*(?:yuan|dollars|euros|pounds|rmb))?`,
  "gi",
);
const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const TIME = new RegExp(
  `(?:(?:${MONTHS})\\s+\\d{1,2},?\\s+)?(?:(?:early|mid|late)[\\s-]+)?\\b(?:1\\d{3}|20\\d{2})s?(?:\\s*[-–]\\s*(?:1\\d{3}|20\\d{2}|\\d{2}))?\\b|\\b\\d{1,2}(?:st|nd|rd|th)[\\s-]+century\\b|\\b(?:${MONTHS})(?:\\s+\\d{1,2})?(?:,?\\s+\\d{4})?\\b`,
  "g",
);
// A run of capitalised words, possibly joined by "of", "the" ("Bank of China").
export const NAME = /\b[A-Z][\p{L}'’-]*(?:\s+(?:(?:of|the|de|du|van|von|al)\s+)?[A-Z][\p{L}'’-]*)*/gu;
export const OPENERS = new Set(
  "The A An In On At By For From It This That These Those There He She They We Its His Her Their As After Before During When While Although However But And Of To With For Let’s Let's".split(" "),
);

/** Which kind of short answer a question asks for, if it is a direct question. */
export function directKind(question: string, type: AnswerType | undefined): DirectKind | undefined {
  if (type) return type;
  if (/^\s*where\b|\bwhere\s+(?:will|is|are|was|were|do|does|did)\b/i.test(question)) return "place";
  if (ASKED_CLASS.test(question)) return "place";
  return undefined;
}

// "Which (two) districts…", "what news agency…": a question that asks for a named place or body.
const ASKED_CLASS =
  /\b(?:which|what)\s+(?:[\p{L}-]+\s+){0,2}?(district|city|cities|province|country|countries|place|area|region|town|zone|company|companies|organi[sz]ation|agency|agencies|bank|body|bodies|bureau|team|university|universities|firm|site|newspaper|outlet)s?\b/iu;

/** The class noun a "which <noun>" question asks for ("district"), as an index term. */
function askedClass(question: string): string | undefined {
  const m = ASKED_CLASS.exec(question);
  return m ? terms(m[1]!)[0] : undefined;
}

/**
 * The short answer's offsets inside `sentence`, or undefined when it holds none of that kind.
 * `named`: for "which district…", only a name that says it is one ("Shijingshan District").
 */
export function shortAnswerSpan(question: string, sentence: string, kind: DirectKind, named = false): { start: number; end: number } | undefined {
  const re = kind === "time" || kind === "date" ? TIME : kind === "count" || kind === "amount" || kind === "percent" ? NUMBER : NAME;
  const asked = new Set(terms(question));
  const cls = askedClass(question);
  const candidates: Array<{ start: number; end: number }> = [];
  for (const m of sentence.matchAll(re)) {
    let start = m.index!;
    let text = m[0].trim();
    if (!text) continue;
    // What the question already says is not its answer ("by 2022" in the question).
    const own = terms(text);
    if (own.length === 0 || own.every((t) => asked.has(t))) continue;
    if (re === NAME) {
      // Drop an opening word that only starts the sentence, and names the question itself uses.
      const words = text.split(/\s+/);
      if (start === 0 && OPENERS.has(words[0]!)) {
        words.shift();
        if (!words.length) continue;
        const rest = words.join(" ");
        start += text.indexOf(rest);
        text = rest;
      }
      if (terms(text).every((t) => asked.has(t))) continue;
    }
    if (named && !(cls && terms(text).includes(cls))) continue;
    candidates.push({ start, end: start + text.length });
  }
  if (candidates.length === 0) return undefined;
  // Where the question's words are in the sentence; a clause break (";", ",") between a word
  // and a candidate puts them further apart ("…cluster in Fangshan District; and a wealth…").
  const anchors: number[] = [];
  // Words inside any candidate ("District" in every "… District") tell the candidates nothing.
  const inCandidate = (x: number) => candidates.some((c) => x >= c.start && x <= c.end);
  for (const m of sentence.matchAll(/[\p{L}\p{N}]+/gu)) {
    const x = m.index! + m[0].length / 2;
    if (!inCandidate(x) && terms(m[0]).some((t) => asked.has(t))) anchors.push(x);
  }
  const distance = (c: { start: number; end: number }, x: number) => {
    const [from, to] = x < c.start ? [x, c.start] : [c.end, x];
    const breaks = (sentence.slice(from, to).match(/[;:,()]/g) ?? []).length;
    return (to - from) * (1 + 5 * breaks);
  };
  const closeness = (c: { start: number; end: number }) => anchors.reduce((a, x) => a + 1 / (1 + distance(c, x) / 10), 0);
  return candidates.reduce((best, c) => (closeness(c) > closeness(best) ? c : best));
}
