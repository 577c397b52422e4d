// A controllable QaService for the tests that need one: a slow or failing ask, an answer that
// echoes the question (markup in it), a very long answer. Answers about the plan use the real one.
import { readFileSync } from "node:fs";
import type { Answer, Citation, QaService } from "../../src/types.js";

const SOURCE = "beijing-fintech-development-plan-2018-2022.txt";
const DOC = readFileSync(new URL(`../../corpus/${SOURCE}`, import.meta.url), "utf8");

/** A citation that keeps the contract: an exact slice of the document. */
function cite(n: number, text: string, score: number): Citation {
  const start = DOC.indexOf(text);
  if (start < 0) throw new Error(`not in the corpus: ${text}`);
  return { n, source: SOURCE, text, start, end: start + text.length, score };
}

const CITATIONS: Citation[] = [
  cite(1, "Beijing’s main aim is to get five to ten “internationally renowned” fintech companies by the end of 2022", 0.9),
  cite(2, "create three to five innovation clusters", 0.8),
];

export interface FakeQaOptions {
  /** What every answer says, or a function of the question. (Also used by the Slack tests.) */
  answer?: string | ((question: string) => string);
  /** Asks whose question matches fail with a plain Error (a service fault). */
  failOn?: RegExp;
}

export interface FakeQa extends QaService {
  readonly asked: string[];
  /** Holds asks whose question matches (all by default), made or to come, until the returned function is called. */
  hold(match?: RegExp): () => void;
}

export function fakeQa(opts: FakeQaOptions = {}): FakeQa {
  const asked: string[] = [];
  const holds = new Set<{ match: RegExp; released: Promise<void> }>();
  return {
    asked,
    hold(match = /[\s\S]*/) {
      let release!: () => void;
      const h = { match, released: new Promise<void>((resolve) => (release = resolve)) };
      holds.add(h);
      return () => {
        holds.delete(h);
        release();
      };
    },
    async ask(question: string): Promise<Answer> {
      asked.push(question);
      for (const h of [...holds]) if (h.match.test(question)) await h.released;
      if (opts.failOn?.test(question)) throw new Error("index unreadable (injected fault)");
      const timings = { retrieveMs: 1, answerMs: 1, totalMs: 2 };
      if (/shanghai/i.test(question)) {
        return {
          question,
          answer: "The documents do not say anything about that.",
          kind: "abstain",
          abstained: true,
          citations: [CITATIONS[0]!],
          timings,
        };
      }
      const text = typeof opts.answer === "function" ? opts.answer(question) : (opts.answer ?? "Five to ten renowned fintech firms by 2022 [1] and three to five clusters [2].");
      return { question, answer: text, kind: "answer", abstained: false, citations: CITATIONS, timings };
    },
    sources: () => [SOURCE],
    exampleQuestions: () => ["How many fintech companies does Beijing want to attract by 2022?"],
  };
}
