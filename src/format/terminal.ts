// Answer → plain text for a terminal: the answer, then its numbered sources with quotes.
// Document text is shown without escape sequences or invisible characters (visible-text.ts).
import { BOT_WORDS } from "../text/bot-words.js";
import { detectLanguage } from "../text/language.js";
import type { Answer } from "../types.js";
import { citationHref, pageLabel } from "./citation-link.js";
import { markHighlights } from "./highlights.js";
import { visibleName, visibleText } from "./visible-text.js";

/** `color`: mark the short answer of a direct question in bold (ANSI), for a terminal. */
export function formatForTerminal(answer: Answer, opts: { color?: boolean } = {}): string {
  const lines = [opts.color ? markHighlights(answer, { escape: visibleText, open: "\x1b[1;4m", close: "\x1b[22;24m" }) : visibleText(answer.answer)];
  if (answer.citations.length) {
    const words = BOT_WORDS[detectLanguage(answer.question)];
    lines.push("", `${answer.abstained ? words.closest : words.sources}:`);
    for (const c of answer.citations) {
      const page = c.page !== undefined ? `, ${pageLabel(c)}` : "";
      lines.push(`  [${c.n}] ${visibleName(c.source)}${page} (chars ${c.start}-${c.end}): “${visibleText(c.text)}”`);
      const href = citationHref(c);
      if (href) lines.push(`      ${visibleText(href)}`);
    }
  }
  return lines.join("\n");
}
