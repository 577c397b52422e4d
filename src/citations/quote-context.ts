// A cited passage in its context, for `/quote N` (Telegram) and "Show in context" (Slack): the
// quote with a few sentences before and after it from the same document, its offsets, its page
// (PDF) and where it opens. Channel-independent: channels format the result.
import { citationHref } from "../format/citation-link.js";
import type { LoadedIndex } from "../index/loaded-index.js";
import type { CitedSpan, QuoteInContext } from "../types.js";
import { pageAt } from "./source-links.js";

export type { QuoteInContext };

/** Sentences shown on each side of the quote by default. */
export const CONTEXT_SENTENCES = 2;

/**
 * The citation in context, from the index served now. A citation from an older version whose
 * offsets no longer hold its text is found again by its text; undefined when the document no
 * longer holds it (changed or removed since). Without its text (a Slack button carries only the
 * offsets) the offsets are taken as they are, when the document still reaches them.
 */
export function quoteInContext(index: LoadedIndex, c: CitedSpan, sentences = CONTEXT_SENTENCES): QuoteInContext | undefined {
  const doc = index.document(c.source);
  if (doc === undefined) return undefined;
  let start = c.start;
  if (c.text === undefined) {
    if (!(c.start >= 0 && c.start < c.end && c.end <= doc.length)) return undefined;
  } else if (doc.slice(c.start, c.end) !== c.text) {
    start = c.text ? doc.indexOf(c.text) : -1;
    if (start < 0) return undefined;
  }
  const end = start + (c.end - c.start);
  const ranges = index.sentences(c.source);
  const first = ranges.findIndex((r) => r.end > start);
  let last = -1;
  for (let i = ranges.length - 1; i >= 0; i--) {
    if (ranges[i]!.start < end) {
      last = i;
      break;
    }
  }
  const contextStart = first < 0 ? start : Math.min(start, ranges[Math.max(0, first - sentences)]!.start);
  const contextEnd = last < 0 ? end : Math.max(end, ranges[Math.min(ranges.length - 1, last + sentences)]!.end);
  const file = index.manifest.files[c.source];
  const page = pageAt(file?.pages, start);
  const text = doc.slice(start, end);
  return {
    source: c.source,
    start,
    end,
    ...(page !== undefined ? { page } : {}),
    ...(file?.url ? { href: citationHref({ url: file.url, page, source: c.source, text }) } : {}),
    before: doc.slice(contextStart, start),
    text,
    after: doc.slice(end, contextEnd),
    contextStart,
    contextEnd,
  };
}
