// A third provider class through initChatModel: LLM=anthropic:<model> with @langchain/anthropic
// (a devDependency) against a stand-in of Anthropic's Messages API, over the real service and
// plan index. Nothing in planbot names ChatAnthropic: the configuration alone picks it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LLM_FALLBACK_NOTES } from "../src/answer/compose.js";
import { ANSWER_SYSTEM_PROMPT } from "../src/answer/prompt.js";
import { buildPlanIndex, openLlmQa, type LlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { AnthropicApiStandIn } from "./standins/anthropic-api.js";
import { citeSentence, passagesOf, questionOf } from "./standins/llm-common.js";

const API_KEY = "planbot-anthropic-key-0123456789abcdef";
const Q = "Which district will host the banking and insurance technology cluster?";
let api: AnthropicApiStandIn;
let index: PlanIndex;
let s: LlmQa;

beforeAll(async () => {
  api = await new AnthropicApiStandIn(API_KEY).start();
  index = await buildPlanIndex();
  s = await openLlmQa(index, { LLM: "anthropic:claude-standin", LLM_BASE_URL: api.baseUrl, LLM_API_KEY: API_KEY, LLM_TIMEOUT_MS: "1500" });
}, 120_000);

afterAll(async () => {
  await s?.qa.close();
  await api?.close();
  await index?.remove();
});

describe("LLM=anthropic:<model> through initChatModel", () => {
  it("asks /v1/messages with the key, the system prompt and the numbered passages; answers with checked citations", async () => {
    const { answer, retrieval } = await s.qa.askTraced(Q);
    const req = api.chats.at(-1)!;
    expect(req.path).toBe("/v1/messages");
    expect(req.headers["x-api-key"]).toBe(API_KEY);
    expect(req.body.model).toBe("claude-standin");
    expect(req.body.max_tokens).toBe(500);
    expect(req.body.messages[0]).toEqual({ role: "system", content: ANSWER_SYSTEM_PROMPT });
    expect(questionOf(req)).toBe(Q);
    expect(passagesOf(req).size).toBe(retrieval.passages.length);
    expect(answer.generation).toMatchObject({ by: "llm", model: expect.stringMatching(/^anthropic:claude-standin@127\.0\.0\.1:\d+$/) });
    expect(answer.answer).toMatch(/Shijingshan/);
    expect(answer.citations[0]!.text).toMatch(/Shijingshan/);
  });

  it("streams Anthropic's events into checked partial texts", async () => {
    api.next({ reply: (req) => `${citeSentence(req, "Shijingshan")} Pudong hosts one too [77].`, pieces: 8, delayMs: 10 });
    const partials: string[] = [];
    const a = await s.qa.ask(Q, { onPartial: (t) => partials.push(t) });
    expect(api.chats.at(-1)!.streamed).toBe(true);
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) expect(a.answer.startsWith(p)).toBe(true);
    expect(a.answer).not.toContain("[77]");
    expect(a.generation!.droppedSentences).toBe(1);
  });

  it("a 429 with a short Retry-After is retried once; a 529 'overloaded' falls back with the note", async () => {
    api.next({ status: 429, retryAfter: "0.1" });
    const before = api.chats.length;
    const a = await s.qa.ask(Q);
    expect(api.chats.length).toBe(before + 2);
    expect(a.generation!.by).toBe("llm");
    api.next({ status: 529, message: "Overloaded" });
    const b = await s.qa.ask(Q);
    expect(b.generation).toMatchObject({ by: "extractive", fallback: "error" });
    expect(b.answer.endsWith(LLM_FALLBACK_NOTES.error)).toBe(true);
    expect(s.logs.some((l) => l.includes("HTTP 529") && l.includes("Overloaded"))).toBe(true);
  });

  it("a server that never answers falls back within LLM_TIMEOUT_MS", async () => {
    api.next({ hang: true });
    const t0 = Date.now();
    const a = await s.qa.ask(Q);
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(a.generation).toMatchObject({ by: "extractive", fallback: "timeout" });
  });

  it("never logs the key, even when the server repeats a wrong one in its 401", async () => {
    const wrong = await openLlmQa(index, { LLM: "anthropic:claude-standin", LLM_BASE_URL: api.baseUrl, LLM_API_KEY: "planbot-wrong-key-fedcba9876543210" });
    try {
      const a = await wrong.qa.ask(Q);
      expect(a.generation).toMatchObject({ by: "extractive", fallback: "error" });
      expect(wrong.logs.some((l) => l.includes("HTTP 401"))).toBe(true);
    } finally {
      await wrong.qa.close();
    }
    for (const line of [...wrong.logs, ...s.logs]) {
      expect(line).not.toContain("fedcba9876543210");
      expect(line).not.toContain(API_KEY);
    }
  });

  it("a provider whose package is not installed is a start-up error that names the command", async () => {
    await expect(openLlmQa(index, { LLM: "groq:llama-3.1-8b-instant" })).rejects.toThrow(/LLM: .*npm i @langchain\/groq/);
  });
});
