// Answer → plain text for a terminal: the answer, then its numbered sources with quotes.
import { BOT_WORDS } from "../text/bot-words.js";
import { detectLanguage } from "../text/language.js";
import type { Answer } from "../types.js";

export function formatForTerminal(answer: Answer): string {
  const lines = [answer.answer];
  if (answer.citations.length) {
    const words = BOT_WORDS[detectLanguage(answer.question)];
    lines.push("", `${answer.abstained ? words.closest : words.sources}:`);
    for (const c of answer.citations) lines.push(`  [${c.n}] ${c.source} (chars ${c.start}-${c.end}): “${c.text}”`);
  }
  return lines.join("\n");
}
