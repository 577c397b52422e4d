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
  }));
  let answer: string;
  if (result.abstained) {
    const closest = citations.length ? ` The closest passages: ${citations.map((c) => `[${c.n}]`).join(" ")}` : "";
    answer = [NOT_IN_DOCUMENTS, result.reason, closest.trim()].filter(Boolean).join(" ");
  } else {
    answer = citations.map((c) => `${c.text} [${c.n}]`).join(" ");
  }
  return { question, answer, abstained: result.abstained, citations, timings };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
