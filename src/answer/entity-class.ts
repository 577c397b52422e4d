// "Which foreign banks have promised to join…", "which city district will get the museum?": a
// question that asks for a named place or body is answered by a sentence that names one of that
// kind *and* speaks of the rest of the question. A sentence naming districts does not say which
// banks joined; one naming a bank but nothing of "promised to join" does not either.
import { STOP_WORDS } from "../text/stopwords.js";
import { normalizeWord, stem, terms } from "../text/tokenize.js";
import { NAME, OPENERS } from "./highlight.js";

type EntityClass = "place" | "body";

const key = (w: string) => stem(normalizeWord(w));
const keySet = (list: string) => new Set(list.split(/\s+/).filter(Boolean).map(key));

// The nouns a question uses for the kind of name it wants ("which insurance companies").
const ASKED: Record<EntityClass, Set<string>> = {
  place: keySet(`district districts city cities province provinces county counties street streets town towns village villages
    country countries neighbourhood neighborhood building buildings venue venues suburb suburbs`),
  body: keySet(`company companies firm firms bank banks insurer insurers lender lenders university universities college colleges
    agency agencies institution institutions organisation organisations organization organizations bureau bureaus ministry ministries
    exchange exchanges startup startups start-up start-ups newspaper newspapers outlet outlets broadcaster broadcasters regulator regulators
    giant giants corporation corporations manufacturer manufacturers`),
};

// The word in a name that says what it names ("Shijingshan District", "Bank of China").
const HEADS: Record<EntityClass, Set<string>> = {
  place: keySet(`district city province county street road avenue town village region state country square river mountain island lake`),
  body: keySet(`company corporation corp inc ltd group bank university college school institute academy bureau committee commission
    ministry department agency council office association foundation exchange society party news times post daily`),
};

const CLASSES = Object.keys(ASKED) as EntityClass[];

// "Which (two) districts…", "what foreign banks…": the class noun within the first words after which/what.
const WHICH = /\b(?:which|what)\s+((?:[\p{L}'’-]+\s+){0,2}[\p{L}'’-]+)/iu;
// "What does the city want…": after a verb the noun is the subject, not what is asked for.
// "What kind of companies…" asks for a description, not a name.
const NOT_ASKED = /^(?:is|are|was|were|will|would|do|does|did|has|have|had|can|could|should|must|might|may|shall|to|kind|kinds|type|types|sort|sorts)$/i;

/** The kind of name a "which <noun>" question asks for, and the question words naming it. */
export function askedEntityClass(question: string): { cls: EntityClass; words: string[] } | undefined {
  const m = WHICH.exec(question);
  if (!m) return undefined;
  const ws = m[1]!.split(/\s+/);
  for (const [i, w] of ws.entries()) {
    if (NOT_ASKED.test(w)) return undefined;
    const cls = CLASSES.find((c) => ASKED[c].has(key(w)));
    if (cls) return { cls, words: ws.slice(0, i + 1) };
  }
  return undefined;
}

/** Names in a sentence that may be of the class: their head says so, or says nothing. */
export function namesOfClass(sentence: string, cls: EntityClass, question: string): string[] {
  const asked = new Set(terms(question));
  const out: string[] = [];
  for (const m of sentence.matchAll(NAME)) {
    let ws = m[0].trim().split(/\s+/);
    // A capitalised opening word is usually just the start of the sentence ("Such as…").
    if (m.index === 0 && (OPENERS.has(ws[0]!) || STOP_WORDS.has(ws[0]!.toLowerCase()))) ws = ws.slice(1);
    if (ws.length === 0 || terms(ws.join(" ")).every((t) => asked.has(t))) continue;
    const heads = ws.map(key);
    const other = CLASSES.some((c) => c !== cls && heads.some((h) => HEADS[c].has(h)));
    const own = heads.some((h) => HEADS[cls].has(h));
    if (own || !other) out.push(ws.join(" "));
  }
  return out;
}

export interface EntityCheck {
  question: string;
  /** Index terms of the question's own words. */
  questionTerms: string[];
  /** Each retrieved sentence: its text and its index terms. */
  sentences: Array<{ text: string; terms: Set<string> }>;
  /** Share of the rest of the question (by IDF) a sentence holds; see `focus.ts`. */
  restCoverage: (rest: string[], sentence: Set<string>) => number;
  minRestCoverage: number;
}

/**
 * Why no retrieved sentence answers a "which <place or body>" question: none names one of that
 * kind while also holding at least `minRestCoverage` of the rest of the question.
 */
export function entityGap(check: EntityCheck): string | undefined {
  const asked = askedEntityClass(check.question);
  if (!asked) return undefined;
  const skip = new Set(asked.words.flatMap((w) => terms(w)));
  const rest = check.questionTerms.filter((t) => !skip.has(t));
  if (rest.length === 0) return undefined;
  const cov = check.sentences.filter((s) => namesOfClass(s.text, asked.cls, check.question).length > 0).map((s) => check.restCoverage(rest, s.terms));
  const answers = cov.some((c) => c >= check.minRestCoverage);
  return answers ? undefined : `They name no ${asked.words[asked.words.length - 1]!.toLowerCase()} for this.`;
}
