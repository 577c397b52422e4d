// "What is this about?", "summarize", "main points": an extractive summary of one document,
// the sentences that carry its gist, quoted in document order. A sentence is central when its
// words are the document's own frequent, distinctive words (lexical coverage of the whole),
// and a lead sentence gets a position prior: news and reports say what they are about first.
import type { LoadedIndex } from "../index/loaded-index.js";
import { terms } from "../text/tokenize.js";
import type { SentencePick } from "./extractive.js";

const DOC = "(?:document|article|text|file|plan|report|paper|book|page|corpus)s?";
const OVERVIEW = new RegExp(
  [
    "\\bsummar(?:ise|ize|ised|ized)\\b|^(?:please )?sum up\\b|\\bsum (?:it|this|that|them) up\\b|\\b(?:a|the|short|quick|brief) summary\\b(?! for)|^summary\\W*$",
    "\\boverview\\b|\\bgist\\b|\\btl;?dr\\b|\\b(?:main|key) (?:points?|ideas?|takeaways?)\\b|\\bin a nutshell\\b",
    // "What is this about?", "What's the plan about?" — not "What is the third theme about?"
    `\\bwhat(?:'s| is| are) (?:(?:this|that|it)|(?:this|the|that) ${DOC})(?: about)?\\s*[?.!]*$`,
    `\\bwhat (?:does|do) (?:this|these|the) ${DOC} (?:say|cover)\\s*[?.!]*$`,
  ].join("|"),
  "i",
);

const LEANS =
  /^(?:That|This|These|Those|It|Its|They|Such|He|She|Also|However|But|And|So|Then|For (?:instance|example)|As (?:one|an) example|(?:The )?(?:first|second|third|fourth|fifth|next|last|final)\b)/i;

export function isOverviewQuestion(question: string): boolean {
  return OVERVIEW.test(question);
}

/** The 2-4 sentences of `source` that carry its gist, in document order. */
export function summarize(index: LoadedIndex, source: string, max = 3): SentencePick[] {
  const doc = index.document(source) ?? "";
  const sentences = index.sentences(source).filter((s) => !s.heading && s.end - s.start >= 40);
  if (sentences.length === 0) return [];
  // How much of the document each term carries: its count here times how distinctive it is.
  const weight = new Map<string, number>();
  const own = sentences.map((s) => new Set(terms(doc.slice(s.start, s.end))));
  for (const set of own) for (const t of set) weight.set(t, (weight.get(t) ?? 0) + 1);
  for (const [t, n] of weight) weight.set(t, n > 1 ? n * index.idf(t) : 0);
  const scored = sentences.map((s, i) => {
    const ws = [...own[i]!].map((t) => weight.get(t) ?? 0);
    // Shared words per word of the sentence (√ length, so long sentences neither win nor lose outright).
    const centrality = ws.reduce((a, b) => a + b, 0) / Math.sqrt(Math.max(1, ws.length));
    const lead = 1 + 1 / (1 + i);
    // "That massive ambition…", "The third is…", "For instance…" lean on the sentences before
    // them: poor stand-alone summary lines.
    const leans = LEANS.test(doc.slice(s.start, s.end)) ? 0.5 : 1;
    return { s, score: centrality * lead * leans };
  });
  const best = Math.max(...scored.map((x) => x.score)) || 1;
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .sort((a, b) => a.s.start - b.s.start)
    .map(({ s, score }) => ({ source, start: s.start, end: s.end, text: doc.slice(s.start, s.end), score: score / best, coverage: 0, dense: 0 }));
}
