// A Chinese question → an English query, offline: segment it, gloss each word with CC-CEDICT,
// keep numbers and Latin words as written. The glosses become weighted BM25 terms (a word's
// senses share its weight, so a word with many senses cannot drown the others), its names go
// to the abstention check, and an English rendering of the question feeds the embedding and the
// English rules for the expected kind of answer.
import { dictionary, type Entry } from "../text/chinese/dictionary.js";
import { pinyin, segment, type Word } from "../text/chinese/segmenter.js";
import { ZH_QUESTION_WORDS, ZH_STOP_WORDS } from "../text/chinese/stopwords.js";
import { nameTerms, namesIn, expandTerms, type AnalyzedQuery, type QueryTerm } from "./query.js";
import { terms } from "../text/tokenize.js";

/** Senses looked at per word: CEDICT lists the common ones first. */
const MAX_SENSES = 8;

const HAN = /\p{Script=Han}/u;
const QUESTION_WORDS = new Map(ZH_QUESTION_WORDS);
/** Question words that the English rules look for at the start of the question. */
const LEADING = new Set(["when", "who", "where", "why", "what percentage", "in which year", "how long"]);

export function translateQuery(text: string, inCorpus: (term: string) => boolean): AnalyzedQuery {
  const { entries } = dictionary();
  const own: QueryTerm[] = [];
  const names: string[] = [];
  const lead: string[] = [];
  const rendering: string[] = [];
  const latin: string[] = [];

  const spelled = new Set<string>();
  for (const { text: word, piece, whole, foreign } of foreignNames(joinQuestionWords(segment(text)), inCorpus)) {
    const asked = QUESTION_WORDS.get(word);
    if (asked) {
      (LEADING.has(asked) ? lead : rendering).push(asked);
      continue;
    }
    if (!HAN.test(word)) {
      // Numbers, years and Latin words are searched for as written.
      if (/[\p{L}\p{N}]/u.test(word)) {
        latin.push(word);
        rendering.push(word);
        for (const t of terms(word)) own.push({ term: t, weight: 1, original: true });
      }
      continue;
    }
    if (ZH_STOP_WORDS.has(word)) continue;
    // Chinese names are written in pinyin in English text (Lieyunwang, Shijingshan): a word so
    // spelled that the corpus holds is the name itself.
    // Only for what the dictionary lacks: its own entry tells more (names, senses).
    const romanised = piece || !entries.has(word) ? pinyin(whole) : undefined;
    const key = romanised ? terms(romanised)[0] : undefined;
    if (key && spelled.has(key)) continue;
    if (key && inCorpus(key)) {
      spelled.add(key);
      own.push({ term: key, weight: 1, original: true });
      rendering.push(romanised!);
      continue;
    }
    // A foreign name the dictionary lacks, spelled otherwise in English (戈登森, Goldenson): its
    // syllables' glosses ("dagger-axe", "to climb") are nothing asked for, and without its
    // English spelling it cannot be told missing from the documents either.
    if (foreign) continue;
    // The word's own characters, for documents written in Chinese.
    for (const t of terms(word)) if (inCorpus(t)) own.push({ term: t, weight: 1, original: true });
    const entry = entries.get(word);
    if (!entry || entry.grammatical) continue;
    // "多少次" is "how many times": the measure word belongs to the question word.
    if (entry.classifier && rendering[rendering.length - 1] === "how many") continue;
    const name = properName(entry);
    if (name) {
      const known = name.map((n) => knownForm(n, inCorpus)).find((f) => f !== undefined);
      // Chinese documents: every character pair of the name (上海 is not 海 of 海淀).
      const knownInChinese = terms(word)
        .filter((t) => [...t].length === 2)
        .every(inCorpus);
      // A place or body the documents never mention cannot be answered about. A piece of a
      // longer word proves nothing (布尔 "Boole" inside the unknown name 诺布尔).
      // A person's given name is spelled many ways (卡尔 "Karl", the text's Carl): no proof.
      if (known) names.push(known);
      else if (!knownInChinese && !piece && !entry.personal) names.push(word);
      rendering.push(name[0]!);
      for (const t of terms(known ?? name[0]!)) own.push({ term: t, weight: 1, original: true });
      continue;
    }
    const glossed = glossTerms(entry, inCorpus);
    own.push(...glossed.terms);
    if (glossed.rendering) rendering.push(glossed.rendering);
  }
  names.push(...namesIn(latin.join(" "), { sentenceStart: false }));
  const english = [...lead, ...rendering].join(" ") + "?";
  return { text: english, terms: expandTerms(merge(own), inCorpus), names: [...new Set(names)], glossOf: text };
}

/**
 * Whether the documents mention a name from the dictionary. A translation often names what
 * the text calls by its adjective ("Austria" for "Austrian"), so common English derivations
 * of a name's words count too, and a name of several words needs its most specific word.
 */
function knownForm(name: string, inCorpus: (term: string) => boolean): string | undefined {
  // The longest word is the most specific ("zealand" of "New Zealand").
  const w = name.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), "");
  return NAME_FORMS.map((form) => form(w)).find((f) => nameTerms(f).every(inCorpus));
}

const NAME_FORMS: Array<(w: string) => string> = [
  (w) => w,
  (w) => `${w}n`,
  (w) => `${w}an`,
  (w) => `${w}ian`,
  (w) => `${w}ese`,
  (w) => `${w}ish`,
  (w) => w.replace(/y$/, "ian"),
  (w) => w.replace(/e$/, "ian"),
  (w) => w.replace(/[aeiou]$/, "ese"),
  (w) => w.replace(/[aeiou]$/, "an"),
  // The people or the adjective shorter than the country ("Mongolia", the text's "Mongol").
  (w) => w.replace(/ia$/, ""),
  // One word in the dictionary, two in the text ("DuPont", "du Pont").
  (w) => w.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2"),
];

/** The English forms of a word that only names something (北京 → Beijing), else undefined. */
function properName(entry: Entry): string[] | undefined {
  return !entry.common && entry.names.length > 0 ? entry.names : undefined;
}

/**
 * A word's senses as weighted terms. Senses the corpus has no word of are dropped first (the
 * corpus tells which sense is meant); the rest share the word's weight, the earlier (more
 * common) and shorter ones more. A term in several senses adds up; the best term of the word counts as the
 * question's own, the others as alternatives.
 */
function glossTerms(entry: Entry, inCorpus: (term: string) => boolean): { terms: QueryTerm[]; rendering?: string } {
  const senses = entry.senses
    .slice(0, MAX_SENSES)
    .map((s, i) => ({ sense: s, rank: i, ts: [...new Set(terms(s))].filter(inCorpus) }))
    .filter((s) => s.ts.length > 0);
  if (senses.length === 0) {
    // The documents have no word for it: its likeliest English word still counts as asked for
    // (it matches nothing, and the abstention rules see what the documents lack).
    const word = terms(entry.senses[0] ?? "").reduce((a, b) => (b.length > a.length ? b : a), "");
    return { terms: word ? [{ term: word, weight: 1, original: true }] : [], rendering: entry.senses[0] };
  }
  // A one-word gloss is a tighter translation than a phrase ("innovation" vs "to bring forth new ideas").
  const shares = senses.map((s) => 1 / ((s.rank + 1) * Math.sqrt(terms(s.sense).length || 1)));
  const sum = shares.reduce((a, b) => a + b, 0);
  const weight = new Map<string, number>();
  senses.forEach((s, i) => {
    for (const t of s.ts) weight.set(t, Math.min(1, (weight.get(t) ?? 0) + shares[i]! / sum));
  });
  const best = Math.max(...weight.values());
  // Scaled so the word's likeliest term weighs as much as an English word would.
  // One term stands for the word as asked (a two-word gloss, "science and technology", is
  // still one word of the question); the rest are alternatives of the same weight.
  const asked = [...weight].find(([, w]) => w === best)![0];
  const out = [...weight].map(([term, w]) => ({ term, weight: w / best, original: term === asked }));
  return { terms: out, rendering: senses[0]!.sense };
}

/** Mean share of a foreign-name run's characters that spell foreign names (尔 0.82, 年 0.04). */
const FOREIGN_SHARE = 0.35;

/**
 * Runs of two or more words that spell a foreign name the dictionary lacks (戈 登 森, 诺 布尔)
 * joined into one word marked foreign. A word can be such a syllable when it is a lone
 * character, a piece of a word the dictionary lacks, or a name the documents do not hold
 * (布尔 "Boole" of 诺布尔 "Noble"); the run's characters must mostly be ones the dictionary
 * uses to spell foreign names. Question and function words end a run.
 */
function foreignNames(words: Word[], inCorpus: (term: string) => boolean): Array<Word & { foreign?: boolean }> {
  const { entries, transliteration } = dictionary();
  const syllable = (w: Word): boolean => {
    if (!HAN.test(w.text) || QUESTION_WORDS.has(w.text) || ZH_STOP_WORDS.has(w.text)) return false;
    const entry = entries.get(w.text);
    const name = entry && properName(entry);
    const unknownName = name !== undefined && !name.some((n) => knownForm(n, inCorpus) !== undefined);
    return w.piece || [...w.text].length === 1 || !entry || unknownName;
  };
  const share = (text: string) => [...text].reduce((a, c) => a + transliteration(c), 0) / [...text].length;
  const out: Array<Word & { foreign?: boolean }> = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && syllable(words[j]!)) j++;
    // The longest stretch of the run, of two words or more, that reads as a name (胡格诺 of 胡格诺派).
    let best: [number, number] | undefined;
    for (let a = i; a < j; a++)
      for (let b = j; b - a >= 2; b--) {
        const text = words
          .slice(a, b)
          .map((w) => w.text)
          .join("");
        if ((!best || b - a > best[1] - best[0]) && share(text) >= FOREIGN_SHARE) best = [a, b];
      }
    const [a, b] = best ?? [j, j];
    out.push(...words.slice(i, a));
    if (best) {
      const run = words
        .slice(a, b)
        .map((w) => w.text)
        .join("");
      out.push({ text: run, piece: true, whole: run, foreign: true });
    }
    out.push(...words.slice(b, Math.max(j, i + 1)));
    i = Math.max(j, i + 1);
  }
  return out;
}

/** Question words the segmenter cut in two (多少 + 钱 → 多少钱) joined again. */
function joinQuestionWords(words: Word[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const pair = words[i]!.text + (words[i + 1]?.text ?? "");
    if (i + 1 < words.length && QUESTION_WORDS.has(pair)) {
      out.push({ text: pair, piece: false, whole: pair });
      i++;
    } else out.push(words[i]!);
  }
  return out;
}

/** One entry per term: the highest weight, original if any occurrence was. */
function merge(ts: QueryTerm[]): QueryTerm[] {
  const out = new Map<string, QueryTerm>();
  for (const t of ts) {
    const prev = out.get(t.term);
    if (!prev) out.set(t.term, { ...t });
    else {
      prev.weight = Math.max(prev.weight, t.weight);
      prev.original ||= t.original;
    }
  }
  return [...out.values()];
}
