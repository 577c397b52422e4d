// `/quote N` (Telegram) and "Show in context" (Slack), decided once for every channel: which
// answer (the one replied to, else the conversation's latest), which of its sources (N, 1 by
// default, or all), and what to say when there is none, N is not a source of it, or the document
// no longer holds the passage. The passage itself comes from the QaService (index served now).
import type { CitedSpan, QaService, QuoteInContext } from "../../types.js";
import type { NoQuote, Notice, QuotedPassage } from "./notices.js";

export type { NoQuote, QuotedPassage };

/** A citation as an answer numbered it. */
export type NumberedSpan = CitedSpan & { n: number };

/** Which sources to show: one by its number, or all of them. */
export type QuotePick = { n: number } | "all";

/** Reads `/quote` arguments: a source number ("2", "[2]", "#2"), none for the first. */
export function quotePick(args: string): QuotePick | "not-a-number" {
  const a = args.trim();
  if (!a) return { n: 1 };
  const m = /^(?:\[|#)?(\d{1,4})\]?$/.exec(a);
  return m ? { n: Number(m[1]) } : "not-a-number";
}

/** What to say for a pick among an answer's citations (undefined: no answer is known). */
export function quoteNotice(qa: QaService, citations: readonly NumberedSpan[] | undefined, pick: QuotePick | "not-a-number"): Notice {
  const count = citations?.length ?? 0;
  if (!citations) return { kind: "no-quote", why: "no-answer", count };
  if (pick === "not-a-number") return { kind: "no-quote", why: "not-a-number", count };
  if (count === 0) return { kind: "no-quote", why: "no-citations", count };
  const chosen = pick === "all" ? citations : citations.filter((c) => c.n === pick.n);
  const n = pick === "all" ? undefined : pick.n;
  if (chosen.length === 0) return { kind: "no-quote", why: "out-of-range", n, count };
  const quotes: QuotedPassage[] = [];
  for (const c of chosen) {
    const q = qa.quoteInContext?.(c);
    if (q) quotes.push({ ...q, n: c.n });
  }
  return quotes.length ? { kind: "quote", quotes } : { kind: "no-quote", why: "changed", n, count };
}

/** Most context shown on each side of a quote (characters): a long paragraph is cut with "…". */
export const CONTEXT_CHARS = 500;

/** The passage as shown in a chat: on one line each, the context cut at a word near CONTEXT_CHARS. */
export function shownPassage(q: QuoteInContext, max = CONTEXT_CHARS): { before: string; text: string; after: string } {
  const flat = (t: string) => t.replace(/\s+/g, " ");
  let before = flat(q.before).trimStart();
  let after = flat(q.after).trimEnd();
  if (before.length > max) before = "…" + before.slice(before.length - max).replace(/^\S*\s/, "");
  if (after.length > max) after = after.slice(0, max).replace(/\s\S*$/, "") + "…";
  return { before, text: flat(q.text).trim(), after };
}
