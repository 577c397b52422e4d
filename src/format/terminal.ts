// Answer → plain text for a terminal: the answer, then its numbered sources with quotes.
// Document text is shown without escape sequences or invisible characters (visible-text.ts).
import type { Answer } from "../types.js";
import { markHighlights } from "./highlights.js";
import { visibleName, visibleText } from "./visible-text.js";

/** `color`: mark the short answer of a direct question in bold (ANSI), for a terminal. */
export function formatForTerminal(answer: Answer, opts: { color?: boolean } = {}): string {
  const lines = [opts.color ? markHighlights(answer, { escape: visibleText, open: "\x1b[1;4m", close: "\x1b[22;24m" }) : visibleText(answer.answer)];
  if (answer.citations.length) {
    lines.push("", answer.abstained ? "Closest passages:" : "Sources:");
    for (const c of answer.citations) lines.push(`  [${c.n}] ${visibleName(c.source)} (chars ${c.start}-${c.end}): “${visibleText(c.text)}”`);
  }
  return lines.join("\n");
}
