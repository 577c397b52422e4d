// How one answer is judged against its dataset item: answer groups, retrieval rank of the
// gold, citations on gold, and citations that are exact slices of their files.
import type { Answer, Passage } from "../types.js";
import type { EvalItem } from "./dataset.js";

export interface Span {
  source: string;
  start: number;
  end: number;
}

/** Lower-cased, quotes and dashes folded, spaces collapsed: wording differences that are not facts. */
export function fold(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[“”«»„]/g, '"')
    .replace(/[‘’‚]/g, "'")
    .replace(/[–—‒−]/g, "-")
    .replace(/\s+/g, " ");
}

export function groupsMatched(item: EvalItem, answer: Answer): number {
  const text = fold(answer.answer);
  return item.answers.filter((group) => group.some((alt) => text.includes(fold(alt)))).length;
}

/** Where each gold quote sits in its document (quotes not found are dropped). */
export function goldSpans(item: EvalItem, documentText: (source: string) => string | undefined): Span[] {
  const spans: Span[] = [];
  for (const g of item.gold) {
    const doc = documentText(g.source);
    if (doc === undefined || !g.quote) continue;
    const at = doc.indexOf(g.quote);
    if (at >= 0) spans.push({ source: g.source, start: at, end: at + g.quote.length });
  }
  return spans;
}

function overlap(a: Span, b: Span): number {
  return a.source === b.source ? Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start)) : 0;
}

/**
 * 1-based rank of the first passage that holds a gold quote (or at least half of a quote
 * longer than the passage), or of the first passage from a gold source when the item gives
 * sources only. Undefined when none does.
 */
export function goldRank(item: EvalItem, passages: Passage[], spans: Span[]): number | undefined {
  const sourcesOnly = item.gold.length > 0 && item.gold.every((g) => !g.quote);
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i]!.chunk;
    if (sourcesOnly) {
      if (item.gold.some((g) => g.source === p.source)) return i + 1;
      continue;
    }
    for (const s of spans) {
      const len = s.end - s.start;
      const o = overlap(s, p);
      if (o === len || o >= Math.min(len, p.end - p.start) * 0.5) return i + 1;
    }
  }
  return undefined;
}

export function citationsOnGold(answer: Answer, item: EvalItem, spans: Span[]): number {
  const sourcesOnly = item.gold.length > 0 && item.gold.every((g) => !g.quote);
  return answer.citations.filter((c) => (sourcesOnly ? item.gold.some((g) => g.source === c.source) : spans.some((s) => overlap(s, c) > 0))).length;
}

/** Citations that are exact slices of their files, with any highlight inside the quote. */
export function validCitations(answer: Answer, documentText: (source: string) => string | undefined): number {
  const inside = (c: Answer["citations"][number]) => !c.highlight || (c.highlight.start >= c.start && c.highlight.end <= c.end && c.highlight.start < c.highlight.end);
  return answer.citations.filter((c) => documentText(c.source)?.slice(c.start, c.end) === c.text && inside(c)).length;
}

/** The paragraphs (between blank lines) that hold the gold spans. */
export function goldParagraphs(spans: Span[], documentText: (source: string) => string | undefined): Span[] {
  return spans.map((s) => {
    const doc = documentText(s.source) ?? "";
    const before = doc.lastIndexOf("\n\n", s.start);
    const after = doc.indexOf("\n\n", s.end);
    return { source: s.source, start: before < 0 ? 0 : before + 2, end: after < 0 ? doc.length : after };
  });
}

/** Whether an answer (not an abstention) quotes from one of these spans. */
export function citesAny(answer: Answer, spans: Span[]): boolean {
  return !answer.abstained && answer.citations.some((c) => spans.some((s) => overlap(s, c) > 0));
}

/** Whether the answer's first quote holds every group of the expected lead (any alternative of each). */
export function leadMatched(item: EvalItem, answer: Answer): boolean {
  const first = [...answer.citations].sort((a, b) => answer.answer.indexOf(`[${a.n}]`) - answer.answer.indexOf(`[${b.n}]`))[0];
  if (answer.kind !== "answer" || !first) return false;
  const text = fold(first.text);
  return item.lead.every((group) => group.some((alt) => text.includes(fold(alt))));
}
