// Turns the answerer's picks into the Answer every channel receives: numbered citations that
// are exact slices of the loaded documents, and `[n]` markers that point at them.
import type { Answer, Citation, Timings } from "../types.js";
import type { ExtractiveResult } from "./extractive.js";

export const NOT_IN_DOCUMENTS = "The documents do not say.";

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
    const closest = citations.length ? ` The closest passages: ${citations.map((c) => `[${c.n}]`).join(" ")}` : "";
    answer = [NOT_IN_DOCUMENTS, result.reason, closest.trim()].filter(Boolean).join(" ");
  } else {
    answer = [result.preface, citations.map((c) => `${c.text} [${c.n}]`).join(" ")].filter(Boolean).join(" ");
  }
  return { question, answer, kind: result.abstained ? "abstain" : "answer", abstained: result.abstained, citations, timings };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** What a fallback answer says about the language model, after the quoted passages. */
export const LLM_FALLBACK_NOTES = {
  timeout: "(The language model did not answer in time; showing quoted passages.)",
  rate_limited: "(The language model is busy right now; showing quoted passages.)",
  error: "(The language model could not answer; showing quoted passages.)",
} as const;

/** A generated answer that passed the citation check. */
export function composeGenerated(question: string, text: string, citations: Citation[], timings: Timings): Answer {
  return { question, answer: text, kind: "answer", abstained: false, citations, timings };
}

/** The same answer with a short note after its text. */
export function withNote(answer: Answer, note: string): Answer {
  return { ...answer, answer: `${answer.answer}\n\n${note}` };
}
