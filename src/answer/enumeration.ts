// "What are the four themes?" is answered by a sentence that announces a list ("There are
// four general themes…") and the sentences after it that walk through it ("The first is…",
// "The second is…"). This finds those following sentences.
import type { SentenceRange } from "../text/sentences.js";

const ASKS_FOR_LIST = /\b(?:what|which)\s+(?:are|were)\b|\blist\b|\bname\s+(?:the|all)\b|\bwhat\s+(?:themes|parts|steps|pillars|goals|areas)\b/i;
const ANNOUNCES = /\b(?:two|three|four|five|six|seven|eight|nine|ten|several|following|these)\s+(?:[\w-]+\s+){0,2}[\w-]+s\b|:\s*$/i;
const ITEM = /^(?:[-•*]\s|\d+[.)]\s|\(?[a-h]\)\s|(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|last|final|finally|another|lastly)\b)/i;

/** Sentences after `anchor` (index into `sentences`) that enumerate what it announces. */
export function enumerationAfter(question: string, text: string, sentences: SentenceRange[], anchor: number, max = 8): number[] {
  const announce = sentences[anchor];
  if (!announce || !ASKS_FOR_LIST.test(question) || !ANNOUNCES.test(text.slice(announce.start, announce.end))) return [];
  const out: number[] = [];
  let inItem = false;
  for (let i = anchor + 1; i < sentences.length && out.length < max; i++) {
    const s = sentences[i]!;
    if (s.heading) break;
    const isItem = ITEM.test(text.slice(s.start, s.end));
    // An item may run on for a sentence or two in its own paragraph ("Such as …").
    if (isItem || (inItem && !s.paragraphStart)) {
      out.push(i);
      inItem = true;
    } else break;
  }
  return out;
}
