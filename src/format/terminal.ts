// Answer → plain text for a terminal: the answer, then its numbered sources with quotes.
// Document text is shown without escape sequences or invisible characters (visible-text.ts).
import type { Answer } from "../types.js";
import { visibleName, visibleText } from "./visible-text.js";

export function formatForTerminal(answer: Answer): string {
  const lines = [visibleText(answer.answer)];
  if (answer.citations.length) {
    lines.push("", answer.abstained ? "Closest passages:" : "Sources:");
    for (const c of answer.citations) lines.push(`  [${c.n}] ${visibleName(c.source)} (chars ${c.start}-${c.end}): “${visibleText(c.text)}”`);
  }
  return lines.join("\n");
}
