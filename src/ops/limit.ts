// Bounded concurrency at the service boundary: however many chats ask at once (a burst of
// updates, a Slack channel all mentioning the bot), at most `max` questions are worked on at a
// time, shared by every channel; the rest wait their turn, first come first served. Per-chat
// order is the channels' business (Telegram queues each chat); a FIFO turn keeps it.
import pLimit from "p-limit";
import type { Answer, AskRequest, QaService } from "../types.js";

/** Questions worked on at once, across channels. Enough to keep two cores and a model server busy. */
export const MAX_CONCURRENT_QUESTIONS = 8;

export interface Limited {
  /** Questions being answered now. */
  readonly running: number;
  /** Questions waiting for their turn. */
  readonly waiting: number;
}

export function limitConcurrency<T extends QaService>(qa: T, max = MAX_CONCURRENT_QUESTIONS): T & Limited {
  if (!(max >= 1)) throw new Error(`max must be at least 1, got ${max}`);
  const turn = pLimit(max); // first come first served; a failing question frees its turn too
  const ask = (question: string, request?: AskRequest): Promise<Answer> => turn(() => (request === undefined ? qa.ask(question) : qa.ask(question, request)));
  return new Proxy(qa, {
    get(target, prop) {
      if (prop === "ask") return ask;
      if (prop === "running") return turn.activeCount;
      if (prop === "waiting") return turn.pendingCount;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as T & Limited;
}
