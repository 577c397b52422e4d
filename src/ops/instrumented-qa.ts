// Per-channel metrics without touching the channels: each channel gets the QaService wrapped in
// a decorator that counts its questions, abstentions and errors (by kind) and times its answers.
// Everything else the service offers is passed through untouched.
import { ErrorCode, isCodedError } from "../errors.js";
import type { Answer, AskRequest, QaService } from "../types.js";
import type { Counter, Gauge, Histogram } from "prom-client";
import type { Registry } from "./metrics.js";

/** Latency buckets in seconds: extractive answers take tens of ms, an LLM seconds. */
export const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Error kinds as /metrics names them. */
export const ERROR_KINDS = ["bad_question", "index", "llm", "timeout", "internal"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** What went wrong: planbot's errors by code, the platform's aborts and timeouts by name. */
export function errorKind(err: unknown): ErrorKind {
  if (isCodedError(err)) {
    if (err.code === ErrorCode.BadQuestion) return "bad_question";
    if (err.code === ErrorCode.IndexUnavailable) return "index";
    if (err.code === ErrorCode.Llm) return "llm";
  }
  // DOMException names: the one way Node tells an abort (AbortSignal.abort()/timeout()) apart.
  const name = err instanceof Error ? err.name : "";
  if (name === "AbortError" || name === "TimeoutError") return "timeout";
  return "internal";
}

export class QaMetrics {
  readonly questions: Counter<"channel">;
  readonly abstentions: Counter<"channel">;
  readonly errors: Counter<"channel" | "kind">;
  readonly latency: Histogram<"channel">;
  readonly inFlight: Gauge<"channel">;
  private readonly channels = new Set<string>();

  constructor(readonly registry: Registry) {
    this.questions = registry.counter("planbot_questions_total", "Questions handed to the answering service, by channel.", ["channel"]);
    this.abstentions = registry.counter("planbot_abstentions_total", "Answers that said the documents do not hold the answer, by channel.", ["channel"]);
    this.errors = registry.counter("planbot_errors_total", "Questions that got no answer, by channel and kind (bad_question: empty or too long; index; llm; timeout; internal).", ["channel", "kind"]);
    this.latency = registry.histogram("planbot_answer_duration_seconds", "Time to answer a question (answered or abstained), by channel.", ["channel"], LATENCY_BUCKETS);
    this.inFlight = registry.gauge("planbot_questions_in_flight", "Questions being answered right now, by channel.", ["channel"]);
  }

  /** Makes a channel's series exist at zero, so a scrape shows it before its first question. */
  channel(channel: string): void {
    if (this.channels.has(channel)) return;
    this.channels.add(channel);
    this.questions.inc({ channel }, 0);
    this.abstentions.inc({ channel }, 0);
    for (const kind of ERROR_KINDS) this.errors.inc({ channel, kind }, 0);
    this.latency.zero({ channel });
    this.inFlight.set({ channel }, 0);
  }
}

/** The service as `channel` should see it: the same, with every ask() recorded in `metrics`. */
export function instrumentQa<T extends QaService>(qa: T, channel: string, metrics: QaMetrics): T {
  metrics.channel(channel);
  const ask = async (question: string, request?: AskRequest): Promise<Answer> => {
    const t0 = performance.now();
    metrics.questions.inc({ channel });
    metrics.inFlight.inc({ channel });
    try {
      const answer = await (request === undefined ? qa.ask(question) : qa.ask(question, request));
      metrics.latency.observe({ channel }, (performance.now() - t0) / 1000);
      if (answer.abstained) metrics.abstentions.inc({ channel });
      return answer;
    } catch (err) {
      metrics.errors.inc({ channel, kind: errorKind(err) });
      throw err;
    } finally {
      metrics.inFlight.dec({ channel });
    }
  };
  return new Proxy(qa, {
    get(target, prop) {
      if (prop === "ask") return ask;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
