// LLM=ollama against a stand-in of Ollama's /api/chat (NDJSON streaming and plain JSON), with
// EMBEDDINGS=ollama: the same checks and fallbacks as the OpenAI-compatible path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LLM_FALLBACK_NOTES } from "../src/answer/compose.js";
import { buildPlanIndex, openLlmQa, type LlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { citeSentence, passagesOf, questionOf } from "./standins/llm-common.js";
import { OllamaApiStandIn } from "./standins/ollama-api.js";

const Q = "Where will the wealth management industry cluster be?";
let api: OllamaApiStandIn;
let index: PlanIndex;
let s: LlmQa;

beforeAll(async () => {
  api = await new OllamaApiStandIn().start();
  const env = { EMBEDDINGS: "ollama", OLLAMA_BASE_URL: api.baseUrl };
  index = await buildPlanIndex(env);
  s = await openLlmQa(index, { LLM: "ollama", LLM_MODEL: "llama-standin", LLM_TIMEOUT_MS: "1000" });
}, 60_000);

afterAll(async () => {
  await s?.qa.close();
  await api?.close();
  await index?.remove();
});

describe("LLM=ollama", () => {
  it("asks /api/chat (streamed: @langchain/ollama streams even for invoke()), with the passages in the prompt; answers with checked citations", async () => {
    const { answer, retrieval } = await s.qa.askTraced(Q);
    const req = api.answerRequests.at(-1)!;
    expect(req.path).toBe("/api/chat");
    expect(req.body.model).toBe("llama-standin");
    // ChatOllama 1.3.0 always sends stream: true (its _generate collects the stream).
    expect(req.body.stream).toBe(true);
    expect(questionOf(req)).toBe(Q);
    expect(passagesOf(req).size).toBe(retrieval.passages.length);
    expect(answer.generation).toMatchObject({ by: "llm", model: expect.stringMatching(/^ollama:llama-standin@127\.0\.0\.1/) });
    expect(answer.answer).toMatch(/Tongzhou District \[1\]\.$/);
    expect(answer.citations[0]!.text).toMatch(/Tongzhou/);
  });

  it("streams NDJSON lines into checked partial texts", async () => {
    api.next({ reply: (req) => `${citeSentence(req, "Tongzhou")} It is one of five clusters [99].`, pieces: 10, delayMs: 10 });
    const partials: string[] = [];
    const a = await s.qa.ask(Q, { onPartial: (t) => partials.push(t) });
    expect(api.answerRequests.at(-1)!.streamed).toBe(true);
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) expect(a.answer.startsWith(p)).toBe(true);
    expect(a.answer).not.toContain("[99]");
    expect(a.generation!.droppedSentences).toBe(1);
  });

  it("a 500 ('model not loaded') and a server that never answers both fall back to quotes", async () => {
    api.next({ status: 500, message: "model 'llama-standin' not found" });
    const a = await s.qa.ask(Q);
    expect(a.generation!.fallback).toBe("error");
    expect(a.answer).toContain(LLM_FALLBACK_NOTES.error);
    api.next({ hang: true });
    const t0 = Date.now();
    const b = await s.qa.ask(Q, { onPartial: () => {} });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(b.generation!.fallback).toBe("timeout");
    expect(b.answer).toMatch(/Tongzhou/);
  });
});
