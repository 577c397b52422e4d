// The answer text with each citation's short answer (its highlight) wrapped for a channel:
// <b>…</b> in Telegram, *…* in Slack, bold in a terminal. Text is escaped piece by piece, so
// the marks never break the channel's own escaping.
import type { Answer } from "../types.js";

export interface Marks {
  escape: (text: string) => string;
  open: string;
  close: string;
}

export function markHighlights(answer: Answer, marks: Marks): string {
  const text = answer.answer.trim();
  let out = "";
  let at = 0;
  for (const c of [...answer.citations].sort((a, b) => text.indexOf(`[${a.n}]`) - text.indexOf(`[${b.n}]`))) {
    if (!c.highlight) continue;
    // The quote as it stands in the answer text, before its marker.
    const quoteAt = text.indexOf(c.text, at);
    if (quoteAt < 0) continue;
    const from = quoteAt + (c.highlight.start - c.start);
    const to = quoteAt + (c.highlight.end - c.start);
    out += marks.escape(text.slice(at, from)) + marks.open + marks.escape(text.slice(from, to)) + marks.close;
    at = to;
  }
  return out + marks.escape(text.slice(at));
}
