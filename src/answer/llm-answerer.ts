// The generated answer: the retrieved passages go to the configured chat model with the prompt
// of prompt.ts; its reply (whole, or streamed) is checked by check-citations.ts before anything
// of it is shown. A timeout, a refusal to serve (429) or any other provider error is returned
// as a failure, never thrown: the caller falls back to the extractive answer.
import type { ChatSetup } from "../llm/factory.js";
import type { LlmError } from "../llm/errors.js";
import { asLlmError, sleep, withDeadline } from "../llm/deadline.js";
import type { Citation, Passage } from "../types.js";
import { checkReply, type CheckedReply, type DocumentText } from "./check-citations.js";
import { answerMessages } from "./prompt.js";

export interface LlmAnswerRequest {
  /** The (standalone) question. */
  question: string;
  passages: Passage[];
  docs: DocumentText;
  /** Date.now() by which the answer must be complete. */
  deadline: number;
  onPartial?: (textSoFar: string) => void;
}

export type LlmOutcome =
  | { kind: "answered"; text: string; citations: Citation[]; checked: CheckedReply; raw: string }
  /** The model declined, or nothing it wrote passed the check. */
  | { kind: "declined"; checked: CheckedReply; raw: string }
  | { kind: "failed"; error: LlmError };

export type LlmReply = { kind: "replied"; raw: string } | { kind: "failed"; error: LlmError };

/** A 429 is retried once, when its Retry-After (or this) still fits before the deadline. */
const DEFAULT_RETRY_AFTER_MS = 1000;
/** Time left for the answer itself after waiting out a 429. */
const MIN_TIME_AFTER_RETRY_MS = 1000;

export class LlmAnswerer {
  constructor(private readonly chat: ChatSetup) {}

  /** The model's reply, checked (reply() then check()). */
  async answer(req: LlmAnswerRequest): Promise<LlmOutcome> {
    const reply = await this.reply(req);
    return reply.kind === "failed" ? reply : this.check(reply.raw, req);
  }

  /** The model's raw reply (streamed partials are checked as they come), or why there is none. */
  async reply(req: LlmAnswerRequest): Promise<LlmReply> {
    const messages = answerMessages(req.question, req.passages);
    let shown = false;
    const onPartial = req.onPartial
      ? (text: string) => {
          shown = true;
          try {
            req.onPartial!(text);
          } catch {
            // A channel's display problem must not cost the answer.
          }
        }
      : undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        const raw = await withDeadline(req.deadline - Date.now(), "the language model", (signal) => (onPartial ? this.stream(messages, signal, req, onPartial) : this.invoke(messages, signal)));
        return { kind: "replied", raw };
      } catch (err) {
        const error = asLlmError(err, this.chat.source);
        if (!shown && (await this.chat.dropRefusedSetting(error))) {
          attempt--;
          continue;
        }
        if (error.kind === "rate_limited" && attempt === 0 && !shown) {
          const wait = error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
          if (Date.now() + wait + MIN_TIME_AFTER_RETRY_MS < req.deadline) {
            await sleep(wait);
            continue;
          }
        }
        return { kind: "failed", error };
      }
    }
  }

  /** The checked-citation pass over a whole reply: what may be shown, or a decline. */
  check(raw: string, req: Pick<LlmAnswerRequest, "passages" | "docs">): Exclude<LlmOutcome, { kind: "failed" }> {
    const checked = checkReply(raw, req.passages, req.docs);
    if (checked.declined || checked.kept === 0) return { kind: "declined", checked, raw };
    return { kind: "answered", text: checked.text, citations: checked.citations, checked, raw };
  }

  private async invoke(messages: ReturnType<typeof answerMessages>, signal: AbortSignal): Promise<string> {
    const reply = await this.chat.model.invoke(messages, { signal });
    return reply.text;
  }

  private async stream(messages: ReturnType<typeof answerMessages>, signal: AbortSignal, req: LlmAnswerRequest, onPartial: (text: string) => void): Promise<string> {
    let raw = "";
    let sent = "";
    for await (const chunk of await this.chat.model.stream(messages, { signal })) {
      const delta = chunk.text;
      raw += delta;
      if (!delta) continue;
      const partial = checkReply(raw, req.passages, req.docs, { partial: true });
      if (!partial.declined && partial.text && partial.text !== sent) {
        sent = partial.text;
        onPartial(sent);
      }
    }
    return raw;
  }
}
