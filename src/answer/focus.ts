// What a question asks for ("what tax breaks…", "which grants…", "how much prize money…") and
// whether the retrieved text speaks of it at all. A near miss reuses the documents' words for
// everything else ("…will fintech start-ups in Haidian receive?") while the thing it asks for
// is nowhere in the passages: the best-matching sentence is then about the topic, not the answer.
import { synonymStems } from "../retrieval/query.js";
import { STOP_WORDS } from "../text/stopwords.js";
import { normalizeWord, stem, terms } from "../text/tokenize.js";

const AUX = "is|are|was|were|will|would|do|does|did|has|have|had|can|could|should|must|might|may|shall|to";

// "What tax incentives does…", "Which blockchain platform will…": the words between the question
// word and the verb name what is asked for (the first of them is not itself a verb: "what does…").
const ASKED_FOR = new RegExp(`\\b(?:what|which)\\s+(?!(?:${AUX})\\b)((?:[\\p{L}'’-]+\\s+){1,4}?)(?:${AUX})\\b`, "iu");
// "How many startups applied…", "how much prize money…": the counted or measured thing.
const HOW_MUCH = /\bhow\s+(?:many|much)\s+((?:[\p{L}'’-]+\s*){1,3})/iu;

// Words that name the class of an answer rather than its topic ("what sector", "which kind of",
// "what year"): a text answers them with an instance ("wealth management", "2022"), seldom
// with the word itself.
const CLASS_WORDS = new Set(
  `kind type sort form name number amount percentage share part one thing way sector field area period year date day month time
     place group category role aspect purpose reason example term word other else specific particular exact main major
     two three four five several person people individual body organisation organization entity event country city state region`
    .split(/\s+/)
    .map((w) => stem(normalizeWord(w))),
);

/** The content words of what the question asks for, as written; empty when it names no such thing. */
export function askedForWords(question: string): string[] {
  const which = ASKED_FOR.exec(question);
  const how = which ? undefined : HOW_MUCH.exec(question);
  let ws = (which ?? how)?.[1]!.trim().split(/\s+/) ?? [];
  // A counted phrase ends where the clause goes on ("how many startups applied to…").
  if (how) ws = ws.slice(0, endOfPhrase(ws));
  // "kinds of institutions", "parts of the city": the words after "of" are the thing.
  const of = ws.findIndex((w) => /^of$/i.test(w));
  if (of >= 0 && ws.slice(0, of).every((w) => CLASS_WORDS.has(stem(normalizeWord(w))))) ws = ws.slice(of + 1);
  return ws.filter((w) => {
    const t = terms(w)[0];
    return t !== undefined && !STOP_WORDS.has(w.toLowerCase()) && !CLASS_WORDS.has(t) && !/^\d/.test(t);
  });
}

const PHRASE_END = new RegExp(`^(?:${AUX}|in|of|for|on|at|by|from|with|that|which|who)$`, "i");

function endOfPhrase(ws: string[]): number {
  const i = ws.findIndex((w) => PHRASE_END.test(w));
  return i < 0 ? ws.length : i;
}

export interface FocusCheck {
  question: string;
  /** Index terms of the question's own words. */
  questionTerms: string[];
  /** Index terms of each sentence of the retrieved passages. */
  sentences: Array<Set<string>>;
  inCorpus: (term: string) => boolean;
  idf: (term: string) => number;
  /** Below this share of the rest of the question (by IDF) in one sentence, retrieval is weak. */
  minRestCoverage: number;
}

/**
 * Why the passages cannot answer: no sentence of them speaks of what the question asks for
 * (nor a synonym), and no sentence matches the rest of the question well either (a strong match
 * of the rest is a paraphrase: "what specialisation has Tongzhou…" over "…cluster in Tongzhou").
 */
export function focusGap(check: FocusCheck): string | undefined {
  const asked = askedForWords(check.question);
  const located = asked.length === 0 ? locatedThing(check.question, check.inCorpus) : [];
  if (asked.length === 0) asked.push(...(located.length ? located : lastWord(check.question, check.inCorpus)));
  if (asked.length === 0) return undefined;
  const askedStems = asked.map((w) => synonymStems(w, check.inCorpus));
  if (check.sentences.some((s) => askedStems.some((stems) => [...stems].some((t) => s.has(t))))) return undefined;
  const skip = new Set(askedStems.flatMap((s) => [...s]));
  const rest = check.questionTerms.filter((t) => !skip.has(t) && !CLASS_WORDS.has(t));
  const share = restCoverage(check.inCorpus, check.idf);
  const best = Math.max(0, ...check.sentences.map((s) => share(rest, s)));
  // "Where will Beijing build its training academy?": no passage can place a thing it never names.
  if (located.length === 0 && best >= check.minRestCoverage) return undefined;
  return `They say nothing about “${asked.join(" ")}”.`;
}

/** Share (by IDF) of the `rest` terms a sentence holds, itself or a synonym; 0 when they weigh nothing. */
export function restCoverage(inCorpus: (t: string) => boolean, idf: (t: string) => number): (rest: string[], sentence: Set<string>) => number {
  return (rest, sentence) => {
    const total = rest.reduce((a, t) => a + idf(t), 0);
    if (total <= 0) return 0;
    const held = rest.reduce((a, t) => a + ([...synonymStems(t, inCorpus)].some((x) => sentence.has(x)) ? idf(t) : 0), 0);
    return held / total;
  };
}

function lastWord(question: string, inCorpus: (t: string) => boolean): string[] {
  const ws = question.replace(/[?.!\s]+$/, "").split(/\s+/);
  const w = ws[ws.length - 1] ?? "";
  const t = terms(w)[0];
  return t && !inCorpus(t) && !CLASS_WORDS.has(t) ? [w] : [];
}

// "What happens to firms that leave…", "How will the plan affect house prices…": the outcome of a
// situation, which the documents can only state if they speak of that situation.
const CONSEQUENCE = /\bwhat\s+(?:happens|(?:will|would|could|might)\s+happen)\b|\bhow\s+(?:will|would|could|might)\s+.+\b(?:affect|change|impact|influence)\b/i;
const OUTCOME_WORDS = new Set(terms("happen happens affect change impact influence"));

/**
 * Why the documents cannot tell what would happen: the question asks for the outcome of a
 * situation described with a word they never use ("leave", "fail", "house prices").
 */
export function consequenceGap(question: string, inCorpus: (term: string) => boolean): string | undefined {
  if (!CONSEQUENCE.test(question)) return undefined;
  const unknown = terms(question).filter((t) => !OUTCOME_WORDS.has(t) && !inCorpus(t));
  return unknown.length > 0 ? "They do not say what would happen." : undefined;
}

/** What a "where will …" question locates, when the documents never name it ("its training academy"). */
function locatedThing(question: string, inCorpus: (t: string) => boolean): string[] {
  // Not "where did this leader teach?": after do/does/did the last word is the verb.
  if (!/^\s*where\s+(?:will|is|are|was|were|would|can|could|should)\b/i.test(question)) return [];
  const ws = question.replace(/[?.!\s]+$/, "").split(/\s+/);
  // The last word, or the one before a closing participle ("…headquarters located").
  const last = /(?:ed|en|built|set|put)$/i.test(ws[ws.length - 1] ?? "") ? ws[ws.length - 2] : ws[ws.length - 1];
  const t = last && terms(last)[0];
  return t && !inCorpus(t) && !CLASS_WORDS.has(t) ? [last] : [];
}
