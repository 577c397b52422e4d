import type { QaService } from "../../src/types.js";

/** The same service, with every question it was asked recorded (what the bot made of a message). */
export function observed(qa: QaService): QaService & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: (q, ...rest) => (asked.push(q), qa.ask(q, ...rest)),
    sources: () => qa.sources(),
    exampleQuestions: () => qa.exampleQuestions(),
  };
}
