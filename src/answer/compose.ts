// Turns the answerer's picks into the Answer every channel receives: numbered citations that
// are exact slices of the loaded documents, and `[n]` markers that point at them.
import type { Answer, Citation, Timings } from "../types.js";
import { BOT_WORDS, reasonIn } from "../text/bot-words.js";
import { detectLanguage } from "../text/language.js";
import type { ExtractiveResult } from "./extractive.js";

export const NOT_IN_DOCUMENTS = BOT_WORDS.en.notInDocuments;

export function composeAnswer(question: string, result: ExtractiveResult, timings: Timings): Answer {
  const citations: Citation[] = result.picks.map((p, i) => ({
    n: i + 1,
    source: p.source,
    text: p.text,
    start: p.start,
    end: p.end,
    score: round(p.score),
    ...(p.highlight && !result.abstained ? { highlight: p.highlight } : {}),
  }));
  let answer: string;
  if (result.abstained) {
    // Said in the question's language; the quotes stay as the documents wrote them.
    const lang = detectLanguage(question);
    const words = BOT_WORDS[lang];
    const closest = citations.length ? `${words.closestInline} ${citations.map((c) => `[${c.n}]`).join(" ")}` : "";
    answer = [words.notInDocuments, result.reason && reasonIn(lang, result.reason), closest].filter(Boolean).join(" ");
  } else {
    answer = [result.preface, citations.map((c) => `${c.text} [${c.n}]`).join(" ")].filter(Boolean).join(" ");
  }
  return { question, answer, kind: result.abstained ? "abstain" : "answer", abstained: result.abstained, citations, timings };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** What a fallback answer says about the language model, after the quoted passages. */
export const LLM_FALLBACK_NOTES = BOT_WORDS.en.llmFallback;

/** A generated answer that passed the citation check. */
export function composeGenerated(question: string, text: string, citations: Citation[], timings: Timings): Answer {
  return { question, answer: text, kind: "answer", abstained: false, citations, timings };
}

/** The same answer with a short note after its text. */
export function withNote(answer: Answer, note: string): Answer {
  return { ...answer, answer: `${answer.answer}\n\n${note}` };
}
