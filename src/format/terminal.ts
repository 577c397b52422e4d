// Answer → plain text for a terminal: the answer, then its numbered sources with quotes.
import type { Answer } from "../types.js";
import { markHighlights } from "./highlights.js";

/** `color`: mark the short answer of a direct question in bold (ANSI), for a terminal. */
export function formatForTerminal(answer: Answer, opts: { color?: boolean } = {}): string {
  const lines = [opts.color ? markHighlights(answer, { escape: (t) => t, open: "\x1b[1;4m", close: "\x1b[22;24m" }) : answer.answer];
  if (answer.citations.length) {
    lines.push("", answer.abstained ? "Closest passages:" : "Sources:");
    for (const c of answer.citations) lines.push(`  [${c.n}] ${c.source} (chars ${c.start}-${c.end}): “${c.text}”`);
  }
  return lines.join("\n");
}
