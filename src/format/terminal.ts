// Answer → plain text for a terminal: the answer, then its numbered sources with quotes.
import type { Answer } from "../types.js";

export function formatForTerminal(answer: Answer): string {
  const lines = [answer.answer];
  if (answer.citations.length) {
    lines.push("", answer.abstained ? "Closest passages:" : "Sources:");
    for (const c of answer.citations) lines.push(`  [${c.n}] ${c.source} (chars ${c.start}-${c.end}): “${c.text}”`);
  }
  return lines.join("\n");
}
