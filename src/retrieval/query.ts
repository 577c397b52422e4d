// Question analysis: weighted index terms (the question's own words, plus synonyms and
// abbreviation expansions that occur in the corpus), and the names it mentions.
import { CJK_RUN, normalizeWord, stem, terms, words } from "../text/tokenize.js";
import { STOP_WORDS } from "../text/stopwords.js";
import { PHRASES, SYNONYM_GROUPS } from "./synonyms.js";

export interface QueryTerm {
  term: string;
  weight: number;
  /** False for expansion terms. */
  original: boolean;
}

export interface AnalyzedQuery {
  text: string;
  terms: QueryTerm[];
  /** Proper names, acronyms and CJK words in the question, as written. */
  names: string[];
}

/** Weight of a synonym relative to the word the user wrote. */
const SYNONYM_WEIGHT = 0.4;
const PHRASE_WEIGHT = 0.7;

const GROUP_INDEX: Map<string, string[][]> = (() => {
  const m = new Map<string, string[][]>();
  for (const group of SYNONYM_GROUPS) {
    for (const w of group) {
      const key = terms(w).join(" ");
      if (!key) continue;
      m.set(key, [...(m.get(key) ?? []), group]);
    }
  }
  return m;
})();

/** The question's terms plus abbreviation expansions and synonyms that occur in the corpus. */
export function expandTerms(own: QueryTerm[], inCorpus: (term: string) => boolean): QueryTerm[] {
  const out = new Map<string, QueryTerm>();
  const add = (term: string, weight: number, original: boolean) => {
    const prev = out.get(term);
    if (!prev || prev.weight < weight) out.set(term, { term, weight, original: original || (prev?.original ?? false) });
  };
  for (const t of own) add(t.term, t.weight, t.original);

  // Abbreviations and their long forms, both ways.
  const joined = ` ${own.map((t) => t.term).join(" ")} `;
  const weightOf = (phrase: string) => Math.min(...phrase.split(" ").map((t) => out.get(t)?.weight ?? 1));
  for (const [short, long] of PHRASES) {
    const s = terms(short).join(" ");
    const l = terms(long).join(" ");
    if (s && joined.includes(` ${s} `)) for (const t of l.split(" ")) if (inCorpus(t)) add(t, PHRASE_WEIGHT * weightOf(s), false);
    if (l && joined.includes(` ${l} `) && s && inCorpus(s)) add(s, PHRASE_WEIGHT * weightOf(l), false);
  }

  // Synonyms, only those the corpus actually uses.
  for (const t of own) {
    for (const group of GROUP_INDEX.get(t.term) ?? []) {
      for (const alt of group) {
        for (const at of terms(alt)) if (!out.has(at) && inCorpus(at)) add(at, SYNONYM_WEIGHT * t.weight, false);
      }
    }
  }
  return [...out.values()];
}

/** Stems of a word and of its synonyms that the corpus uses. */
export function synonymStems(word: string, inCorpus: (term: string) => boolean): Set<string> {
  const own = terms(word).join(" ");
  const out = new Set<string>(own ? [own] : []);
  for (const group of GROUP_INDEX.get(own) ?? []) {
    for (const alt of group) for (const t of terms(alt)) if (inCorpus(t)) out.add(t);
  }
  return out;
}

/**
 * Words that name something: capitalised words after the first, any capitalised word with
 * a possessive, acronyms, numbers with 3+ digits, and CJK text (all capitalised words when
 * the text does not start a sentence: Latin words inside a Chinese question). Documents that never
 * mention a name the question depends on cannot answer it.
 */
export function namesIn(text: string, opts: { sentenceStart?: boolean } = {}): string[] {
  const names: string[] = [];
  for (const run of text.matchAll(CJK_RUN)) if ([...run[0]].length >= 2) names.push(run[0]);
  const ws = words(text.replace(CJK_RUN, " "));
  ws.forEach((w, i) => {
    const s = w.surface;
    const base = s.replace(/['’]s$/, "");
    if (STOP_WORDS.has(normalizeWord(base)) || base.length < 2) return;
    const acronym = /^[A-Z][A-Z0-9&]+s?$/.test(base) || /^[A-Z][a-z]+[A-Z]\w*$/.test(base);
    const capitalised = /^\p{Lu}/u.test(base);
    const first = (opts.sentenceStart ?? true) && (i === 0 || (i === 1 && STOP_WORDS.has(ws[0]!.term)));
    if (acronym || (capitalised && (!first || /['’]s$/.test(s)))) names.push(base);
  });
  return [...new Set(names)];
}

/**
 * Index terms of a (non-CJK) name, for a corpus lookup. A hyphenated name counts by its parts
 * ("African-Americans", "AS-206"): documents write such compounds in several ways.
 */
export function nameTerms(name: string): string[] {
  const ws = words(name);
  const parts = ws.some((w) => w.term.includes("-")) ? ws.filter((w) => !w.term.includes("-") && !STOP_WORDS.has(w.term)) : ws;
  return (parts.length ? parts : ws).map((w) => stem(w.term));
}
