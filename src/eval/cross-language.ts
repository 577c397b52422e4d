// The same questions asked in two languages over the same documents (XQuAD's English and
// Chinese pairs share ids): how often each cites the gold's paragraph, and the ratio, which
// says how much is lost in translation.
import type { QuestionResult } from "./metrics.js";

export interface CrossLanguage {
  /** Questions asked in both languages. */
  pairs: number;
  /** Gold-paragraph citation rate of the English and of the translated questions. */
  en: number;
  translated: number;
  /** translated / en. */
  ratio: number;
  /** Translated questions (all answerable) that were refused. */
  translatedFalseAbstention: number;
  lang: string;
}

/** Pairs the results tagged `lang` with the untagged results of the same id; undefined without pairs. */
export function crossLanguage(results: QuestionResult[], lang = "zh"): CrossLanguage | undefined {
  const original = new Map(results.filter((r) => !r.tags.includes(lang)).map((r) => [r.id, r]));
  const pairs = results.filter((r) => r.tags.includes(lang) && r.hasGold && original.get(r.id)?.hasGold).map((t) => [original.get(t.id)!, t] as const);
  if (pairs.length === 0) return undefined;
  const rate = (rs: QuestionResult[]) => rs.filter((r) => r.citesGoldParagraph).length / rs.length;
  const en = rate(pairs.map(([o]) => o));
  const translated = rate(pairs.map(([, t]) => t));
  return {
    pairs: pairs.length,
    en,
    translated,
    ratio: en > 0 ? translated / en : 0,
    translatedFalseAbstention: pairs.filter(([, t]) => t.abstained).length / pairs.length,
    lang,
  };
}

export function formatCrossLanguage(c: CrossLanguage): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return `Cross-language (${c.pairs} questions asked in en and ${c.lang}): gold paragraph cited ${pct(c.translated)} (${c.lang}) vs ${pct(c.en)} (en), ratio ${c.ratio.toFixed(3)}; ${c.lang} false abstentions ${pct(c.translatedFalseAbstention)}`;
}
