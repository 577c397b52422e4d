// Word tokens for the lexical index and the answerer: lower-cased, stop words dropped,
// Porter-stemmed. Han/Kana/Hangul text becomes one token per character plus bigrams, so a
// CJK question never matches English text by accident and CJK documents still work; Chinese
// text adds its words as jieba cuts them, so a word of the question matches the word in the
// text (产业集群 as one term), and a pair that is a word counts more than one across two words.
import { stemmer } from "stemmer";
import { segmenter } from "./chinese/segmenter.js";
import { STOP_WORDS } from "./stopwords.js";

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.,-][\p{L}\p{M}\p{N}]+)*/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;
export const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** Bump when tokens change: an index built with other tokens must be rebuilt. */
export const TOKENIZER_VERSION = 4;

export interface Token {
  /** Normalised form used as the index key. */
  term: string;
  /** The word as written. */
  surface: string;
}

/** Normalises one word: NFKC, lower case, digits grouped ("14,300" → "14300"). */
export function normalizeWord(word: string): string {
  let w = word.normalize("NFKC").toLowerCase().replace(/’/g, "'");
  if (/^\d[\d,.]*\d$/.test(w)) w = w.replace(/,/g, "");
  w = w.replace(/'s$/, "");
  return americanSpelling(w);
}

// British and American spellings index as one word ("centre" and "center").
const BRITISH: Record<string, string> = {
  centre: "center",
  centres: "centers",
  metre: "meter",
  theatre: "theater",
  programme: "program",
  programmes: "programs",
  labour: "labor",
  colour: "color",
  favour: "favor",
  behaviour: "behavior",
  neighbour: "neighbor",
  honour: "honor",
  licence: "license",
  defence: "defense",
  offence: "offense",
  catalogue: "catalog",
  analyse: "analyze",
  analysed: "analyzed",
  analysing: "analyzing",
  judgement: "judgment",
};
const ISE_EXCEPTIONS =
  /(?:enterpris|otherwis|exercis|promis|premis|surpris|compromis|expertis|franchis|merchandis|advertis|supervis|televis|revis|advis|devis|compris|improvis|likewis|clockwis|precis|concis|wis|ris|nois|rais|prais|chais|pois|cruis|bruis|dis|guis|reprise)/;

function americanSpelling(w: string): string {
  if (w in BRITISH) return BRITISH[w]!;
  const m = /^(.{4,})is(e|es|ed|ing|ation|ations|er|ers)$/.exec(w);
  if (m && !ISE_EXCEPTIONS.test(m[1]! + "is")) return `${m[1]}iz${m[2]}`;
  return w;
}

export function stem(word: string): string {
  return /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

/** All tokens of a text, stop words included (see `terms` for index keys). */
export function words(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const surface = m[0];
    if (CJK.test(surface)) {
      for (const run of surface.matchAll(CJK_RUN)) {
        const chars = [...run[0]];
        chars.forEach((c, i) => {
          out.push({ term: c, surface: c });
          if (i + 1 < chars.length) out.push({ term: c + chars[i + 1], surface: c + chars[i + 1] });
        });
        if (chars.length > 1 && HAN_ONLY.test(run[0])) {
          for (const w of segmenter().cutter.cut(run[0], true)) if ([...w].length > 1) out.push({ term: w, surface: w });
        }
      }
      const rest = surface.replace(CJK_RUN, " ").trim();
      if (rest) out.push(...words(rest));
      continue;
    }
    // Hyphenated compounds count as their parts too ("supply-chain" → supply, chain).
    const parts = surface.includes("-") ? [surface, ...surface.split("-")] : [surface];
    for (const p of parts) {
      const n = normalizeWord(p);
      if (n) out.push({ term: n, surface: p });
    }
  }
  return out;
}

/** Index keys of a text: stemmed content words. */
export function terms(text: string): string[] {
  const out: string[] = [];
  // Word by word through a memo: the keys of a text are the keys of its words in order, and
  // most words of any text were seen before, while normalising and stemming one costs far
  // more than a lookup (4-5x faster on report prose; the answerer runs this per sentence).
  for (const m of text.matchAll(WORD)) {
    let keys = KEYS_OF_WORD.get(m[0]);
    if (keys === undefined) {
      keys = [];
      for (const t of words(m[0])) if (!STOP_WORDS.has(t.term)) keys.push(stem(t.term));
      if (KEYS_OF_WORD.size >= MAX_MEMO_WORDS) KEYS_OF_WORD.clear();
      KEYS_OF_WORD.set(m[0], keys);
    }
    for (const k of keys) out.push(k);
  }
  return out;
}

const KEYS_OF_WORD = new Map<string, string[]>();
const MAX_MEMO_WORDS = 50_000;

export function isCjk(text: string): boolean {
  return CJK.test(text);
}
