import type { Answer, QaService } from "../../src/types.js";

/** The same service, with every question it was asked recorded (what the bot made of a message). */
export function observed(qa: QaService): QaService & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: (q, ...rest) => (asked.push(q), qa.ask(q, ...rest)),
    sources: () => qa.sources(),
    exampleQuestions: () => qa.exampleQuestions(),
    quoteInContext: (c) => qa.quoteInContext?.(c),
  };
}

/** The same service, counting how many questions it works on at once (`max`) and in all. */
export function measured(qa: QaService): QaService & { max: number; asked: number } {
  let now = 0;
  const m = {
    max: 0,
    asked: 0,
    async ask(q: string, ...rest: Parameters<QaService["ask"]> extends [string, ...infer R] ? R : never): Promise<Answer> {
      m.asked++;
      m.max = Math.max(m.max, ++now);
      try {
        return await qa.ask(q, ...rest);
      } finally {
        now--;
      }
    },
    sources: () => qa.sources(),
    exampleQuestions: () => qa.exampleQuestions(),
  };
  return m;
}
