// The default answerer: quotes the sentences of the retrieved passages that best answer the
// question. No model generates text, so every word of the answer is a checked quote.
import type { LoadedIndex } from "../index/loaded-index.js";
import type { Retrieval } from "../retrieval/retriever.js";
import { isCjk, normalizeWord, stem, terms } from "../text/tokenize.js";
import { nameTerms, synonymStems } from "../retrieval/query.js";
import type { SentencePick } from "./sentence-pick.js";
import { decideAbstention, passageWordSet, type AbstentionSettings, DEFAULT_ABSTENTION } from "./abstention.js";
import { enumerationAfter } from "./enumeration.js";
import { directKind, shortAnswerSpan } from "./highlight.js";
import { countedPhrase, expectedAnswerType, holdsAnswerType, holdsLooseAnswerType, type AnswerType } from "./answer-type.js";

export type { SentencePick } from "./sentence-pick.js";

export interface ExtractiveSettings {
  /** Weight of the sentence's own term coverage against its passage's fused score. */
  coverageWeight: number;
  /** Most sentences quoted in one answer. */
  maxSentences: number;
  /** A further sentence is quoted only when it scores at least this share of the best. */
  secondRatio: number;
  /** A sentence with a loosely checked kind of fact must score at least this share of the best. */
  typedRatio: number;
  abstention: AbstentionSettings;
}

export const DEFAULT_EXTRACTIVE: ExtractiveSettings = {
  coverageWeight: 0.6,
  maxSentences: 2,
  secondRatio: 0.5,
  typedRatio: 0.6,
  abstention: DEFAULT_ABSTENTION,
};

export interface ExtractiveResult {
  abstained: boolean;
  /** Why the answerer abstained, in words a user understands. */
  reason?: string;
  /** Said before the quotes of an answer (which document an overview summarizes). */
  preface?: string;
  /** Quoted sentences in document order (the answer), or the closest ones when abstaining. */
  picks: SentencePick[];
}

/** Scores every sentence of the retrieved passages against the question, best first. */
const ANAPHOR = /^(?:That|This|These|Those|It|Its|They|Their|Such|He|She|His|Her)\b/;

export function rankSentences(index: LoadedIndex, retrieval: Retrieval, coverageWeight: number): SentencePick[] {
  const { query, passages } = retrieval;
  if (passages.length === 0) return [];
  const idf = new Map(query.terms.map((t) => [t.term, index.idf(t.term)]));
  const total = query.terms.filter((t) => t.original).reduce((a, t) => a + (idf.get(t.term) ?? 0), 0);
  const best = Math.max(...passages.map((p) => p.score)) || 1;
  // A question about the title is answered by a heading, which rarely shares its words.
  const wantsTitle = /\b(?:headline|title|heading)\b/i.test(query.text);
  const bySpan = new Map<string, SentencePick>();
  for (const p of passages) {
    const { source, start, end } = p.chunk;
    const doc = index.document(source)!;
    const sentences = index.sentences(source);
    sentences.forEach((s, i) => {
      if (s.end <= start || s.start >= end) return;
      const text = doc.slice(s.start, s.end);
      const own = new Set(terms(text));
      // A sentence that opens with "That …"/"These …" is about the one before it, whose
      // words count for it at half weight ("…Master Plan. That massive ambition centres on…").
      const before = i > 0 && ANAPHOR.test(text) ? new Set(terms(doc.slice(sentences[i - 1]!.start, sentences[i - 1]!.end))) : undefined;
      // An expansion term counts at its weight, and each concept only once.
      let matched = 0;
      for (const t of query.terms) {
        const w = t.weight * (idf.get(t.term) ?? 0);
        if (own.has(t.term)) matched += w;
        else if (before?.has(t.term)) matched += w / 2;
      }
      const coverage = total > 0 ? Math.min(1, matched / total) : 0;
      const score = coverageWeight * coverage + (1 - coverageWeight) * (p.score / best) + (wantsTitle && s.heading ? 0.3 : 0);
      const key = `${source}:${s.start}`;
      const prev = bySpan.get(key);
      if (!prev || prev.score < score) {
        bySpan.set(key, { source, start: s.start, end: s.end, text, score, coverage, dense: p.dense ?? 0 });
      }
    });
  }
  return [...bySpan.values()].sort((a, b) => b.score - a.score || a.start - b.start);
}

export function answerExtractively(index: LoadedIndex, retrieval: Retrieval, settings: ExtractiveSettings = DEFAULT_EXTRACTIVE): ExtractiveResult {
  const ranked = rankSentences(index, retrieval, settings.coverageWeight);
  const type = expectedAnswerType(retrieval.query.text);
  // Prefer sentences that hold the asked-for kind of fact; keep the ranking otherwise.
  // Sentences holding the asked-for kind of fact. Where the check is loose (any capitalised
  // name, any year) they must also be about as relevant as the best sentence overall.
  const loose = type === "named" || type === "time";
  const floor = loose ? (ranked[0]?.score ?? 0) * settings.typedRatio : 0;
  let typed = type ? ranked.filter(typeFilter(index, retrieval, type)).filter((s) => s.score >= floor) : ranked;
  // No sentence holds the strict form of the fact. When the retrieved passages hold every
  // word of the question, the miss is more likely the recogniser's than the documents': a
  // relevant sentence with the broad form (any number, any year, any name) answers.
  if (type && typed.length === 0 && unmatchedShare(retrieval, (t) => index.hasTerm(t)) <= settings.abstention.maxUnmatched) {
    const best = ranked[0]?.score ?? 0;
    typed = ranked.filter((s) => holdsLooseAnswerType(s.text, type) && s.score >= best * settings.typedRatio);
  }
  if (type === "time") typed = titleDatesFirst(index, retrieval, ranked, typed);
  const top = typed[0];
  const topDense = Math.max(0, ...retrieval.passages.map((p) => p.dense ?? 0));
  const decision = decideAbstention({
    query: retrieval.query,
    inCorpus: (t) => index.hasTerm(t),
    best: top,
    bestUntyped: ranked[0],
    expectedType: type,
    topDense,
    settings: settings.abstention,
    passageWords: passageWordSet(retrieval.passages.map((p) => p.chunk.text)),
    sentenceTerms: ranked.map((s) => new Set(terms(s.text))),
    sentenceTexts: ranked.map((s) => s.text),
    idf: (t) => index.idf(t),
  });
  if (decision.abstain) {
    return { abstained: true, reason: decision.reason, picks: inDocumentOrder(ranked.slice(0, 2)) };
  }
  const picks = [top!];
  const list = listItems(index, retrieval.query.text, top!);
  if (list.length) picks.push(...list);
  else {
    for (const s of typed.slice(1)) {
      if (picks.length >= settings.maxSentences) break;
      if (s.score >= settings.secondRatio * top!.score) picks.push(s);
    }
  }
  return { abstained: false, picks: directFirst(retrieval.query.text, type, picks) };
}

/**
 * A direct question ("which district…", "how many…") is answered by the sentence that holds
 * the asked-for kind of fact, first, with the short answer marked in it; other questions read
 * in the order of `readingOrder`.
 */
function directFirst(question: string, type: AnswerType | undefined, picks: SentencePick[]): SentencePick[] {
  const kind = directKind(question, type);
  if (!kind) return readingOrder(picks);
  // A name that says what it is ("… District") first, then any of the asked-for kind.
  for (const named of [true, false]) {
    for (const [i, p] of picks.entries()) {
      const span = shortAnswerSpan(question, p.text, kind, named);
      if (!span) continue;
      const lead = { ...p, highlight: { start: p.start + span.start, end: p.start + span.end } };
      const rest = picks.filter((_, j) => j !== i);
      return [lead, ...(rest.length > 1 ? readingOrder(rest) : rest)];
    }
  }
  return readingOrder(picks);
}

// Words that name the kind of answer ("what percentage", "how much money"), not its topic.
const TYPE_WORDS = new Set(terms("percent percentage number amount money date year time name total"));

/**
 * Share of the question's own words that no retrieved passage holds. A word the documents
 * never use counts in full (they do not speak of it: "how many people work at…" over a text
 * without "people"); one they use elsewhere counts half (a paraphrase, or an extra word).
 */
export function unmatchedShare(retrieval: Retrieval, inCorpus: (term: string) => boolean): number {
  const own = retrieval.query.terms.filter((t) => t.original && !TYPE_WORDS.has(t.term));
  if (own.length === 0) return 1;
  const held = new Set<string>();
  for (const p of retrieval.passages) for (const t of terms(p.chunk.text)) held.add(t);
  const missing = own.filter((t) => !held.has(t.term)).reduce((a, t) => a + (inCorpus(t.term) ? 0.5 : 1), 0);
  return missing / own.length;
}

/**
 * The sentences that can answer a question asking for a specific kind of fact: they hold that
 * kind of fact and name the question's specific names (a count for "how many firms are in
 * Xicheng" must be about Xicheng, not a count from elsewhere).
 */
function typeFilter(index: LoadedIndex, retrieval: Retrieval, type: AnswerType): (s: SentencePick) => boolean {
  const inCorpus = (t: string) => index.hasTerm(t);
  // The counted noun is the last word of the counted phrase that the corpus knows (itself or
  // a synonym): "how many overarching themes structure" counts themes.
  const phrase = type === "count" ? countedPhrase(retrieval.query.text) : [];
  const nounStems = phrase
    .map((w) => synonymStems(w, inCorpus))
    .reverse()
    .find((stems) => [...stems].some(inCorpus));
  // A counted thing the documents never name ("how many pages") is nothing they count.
  const isCountedNoun = nounStems ? (w: string) => nounStems.has(stem(normalizeWord(w))) : phrase.length ? () => false : undefined;
  const specific = retrieval.query.names
    .filter((n) => !isCjk(n))
    .map(nameTerms)
    .filter((ts) => ts.length > 0 && ts.every((t) => index.docFreq(t) > 0 && index.docFreq(t) <= index.size / 2));
  return (s) => {
    if (!holdsAnswerType(s.text, type, isCountedNoun)) return false;
    const own = new Set(terms(s.text));
    return specific.every((ts) => ts.every((t) => own.has(t)));
  };
}

/**
 * "What is the plan's time frame?": a question that names nothing but what the document's title
 * names ("…-plan-2018-2022.txt") asks about the document's own subject, whose dates the title
 * gives; the sentence that repeats them answers, not one about another plan with other dates.
 */
function titleDatesFirst(index: LoadedIndex, retrieval: Retrieval, ranked: SentencePick[], typed: SentencePick[]): SentencePick[] {
  const own = retrieval.query.terms.filter((t) => t.original && index.hasTerm(t.term) && !TYPE_WORDS.has(t.term));
  for (const s of ranked) {
    const title = s.source.replace(/\.[a-z]+$/i, "");
    const dates = /\b((?:1\d|20)\d\d)(?:[\s_–-]+((?:1\d|20)\d\d))?\b/.exec(title);
    if (!dates) continue;
    const titleTerms = new Set(terms(title.replace(/[-_/]+/g, " ")));
    if (own.length === 0 || !own.every((t) => titleTerms.has(t.term))) return typed;
    const repeats = new RegExp(`\\b${dates[1]}${dates[2] ? `\\s*[-–]\\s*${dates[2]}` : ""}\\b`);
    if (repeats.test(s.text)) return [s, ...typed.filter((t) => t !== s)];
  }
  return typed;
}

/** The items of a list the best sentence announces, quoted after it. */
function listItems(index: LoadedIndex, question: string, top: SentencePick): SentencePick[] {
  const sentences = index.sentences(top.source);
  const at = sentences.findIndex((s) => s.start === top.start);
  const doc = index.document(top.source)!;
  return enumerationAfter(question, doc, sentences, at).map((i) => {
    const s = sentences[i]!;
    return { ...top, start: s.start, end: s.end, text: doc.slice(s.start, s.end), score: top.score * 0.99 };
  });
}

/**
 * The best sentence first, except that sentences next to each other in one document keep
 * their order (the second often continues the first: "There are four themes… The first is…").
 */
function readingOrder(picks: SentencePick[]): SentencePick[] {
  const sorted = inDocumentOrder(picks);
  const adjacent = sorted.every((p, i) => i === 0 || (p.source === sorted[i - 1]!.source && p.start - sorted[i - 1]!.end <= 2));
  return adjacent ? sorted : [...picks].sort((a, b) => b.score - a.score);
}

function inDocumentOrder(picks: SentencePick[]): SentencePick[] {
  return [...picks].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.start - b.start));
}
