// Generated answers through an OpenAI-compatible API (a stand-in on 127.0.0.1), with the real
// service over the real plan index: what the prompt holds, what the check lets through, and
// how a slow, failing or rate-limiting provider falls back to the quoted passages.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_SYSTEM_PROMPT, NO_ANSWER_PHRASE } from "../src/answer/prompt.js";
import { LLM_FALLBACK_NOTES } from "../src/answer/compose.js";
import type { Answer } from "../src/types.js";
import { buildPlanIndex, openLlmQa, PLAN_CORPUS, PLAN_DOC, type LlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { citeSentence, passageWith, passagesOf, questionOf } from "./standins/llm-common.js";
import { OpenAiApiStandIn } from "./standins/openai-api.js";

// Not shaped like any real key (so no token-shape rule could hide a leak): only our code can keep it out.
const API_KEY = "planbot-test-key-0123456789abcdef";
const Q_CLUSTER = "Which district will host the banking and insurance technology cluster?";

let index: PlanIndex;
let api: OpenAiApiStandIn;
let s: LlmQa;
let doc: string;

beforeAll(async () => {
  doc = (await readFile(path.join(PLAN_CORPUS, PLAN_DOC), "utf8")).replace(/^\uFEFF/, "");
  api = await new OpenAiApiStandIn(API_KEY).start();
  index = await buildPlanIndex(); // the default local embedding model
  s = await openLlmQa(index, { LLM: "openai", LLM_MODEL: "standin-chat", OPENAI_BASE_URL: api.baseUrl, OPENAI_API_KEY: API_KEY, LLM_TIMEOUT_MS: "1500" });
}, 120_000);

afterAll(async () => {
  await s?.qa.close();
  await api?.close();
  await index?.remove();
});

/** Citations are exact slices of the document, and every marker points at one of them. */
function expectCheckable(a: Answer): void {
  for (const c of a.citations) expect(doc.slice(c.start, c.end)).toBe(c.text);
  expect(a.citations.map((c) => c.n)).toEqual(a.citations.map((_, i) => i + 1));
  for (const m of a.answer.matchAll(/\[(\d+)\]/g)) expect(a.citations.some((c) => c.n === Number(m[1]))).toBe(true);
}

describe("LLM=openai", () => {
  it("sends the numbered retrieved passages and the question; answers with checked citations", async () => {
    const before = api.chats.length;
    const { answer: a, retrieval } = await s.qa.askTraced(Q_CLUSTER);
    expect(api.chats.length).toBe(before + 1);
    const req = api.chats.at(-1)!;
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.body.model).toBe("standin-chat");
    expect(req.body.stream).toBe(false);
    expect(req.body.messages[0]).toEqual({ role: "system", content: ANSWER_SYSTEM_PROMPT });
    expect(questionOf(req)).toBe(Q_CLUSTER);
    // The prompt holds exactly the retrieved passages, in rank order, numbered from 1.
    const sent = passagesOf(req);
    expect([...sent.keys()]).toEqual(retrieval.passages.map((_, i) => i + 1));
    retrieval.passages.forEach((p, i) => expect(sent.get(i + 1)).toBe(p.chunk.text.trim()));

    expect(a.abstained).toBe(false);
    expect(a.generation).toMatchObject({ by: "llm", model: expect.stringMatching(/^openai:standin-chat@127\.0\.0\.1/) });
    expect(a.answer).toMatch(/Shijingshan/);
    expectCheckable(a);
    // The citation is the sentence inside a retrieved passage, not the whole passage.
    const c = a.citations[0]!;
    expect(retrieval.passages.some((p) => p.chunk.source === c.source && p.chunk.start <= c.start && c.end <= p.chunk.end + 200)).toBe(true);
    expect(c.text).toMatch(/Shijingshan/);
  });

  it("never shows a sentence citing a passage that was not given; renumbers the rest", async () => {
    api.next({ reply: (req) => `Xicheng District hosts it [${passagesOf(req).size + 3}]. ${citeSentence(req, "Shijingshan")}` });
    const a = await s.qa.ask(Q_CLUSTER);
    expect(a.abstained).toBe(false);
    expect(a.answer).not.toMatch(/Xicheng District hosts it/);
    expect(a.answer).toMatch(/^For instance, [^[]*Shijingshan[^[]* \[1\]\.$/);
    expect(a.generation!.droppedSentences).toBe(1);
    expectCheckable(a);
  });

  it("abstains when every marker is invalid, and shows none of them", async () => {
    api.next({ reply: "Shijingshan District hosts it [42]." });
    const a = await s.qa.ask(Q_CLUSTER);
    expect(a.abstained).toBe(true);
    expect(a.answer).not.toContain("[42]");
    expect(a.answer).toMatch(/^The documents do not say\./);
    expect(a.generation).toMatchObject({ by: "llm", declined: true });
    expectCheckable(a);
  });

  it("drops unmarked sentences; with none marked it abstains", async () => {
    api.next({ reply: (req) => `${citeSentence(req, "Shijingshan")} Also, Beijing is a lovely city to visit.` });
    const a = await s.qa.ask(Q_CLUSTER);
    expect(a.answer).not.toMatch(/lovely/);
    expect(a.generation!.droppedSentences).toBe(1);
    api.next({ reply: "The banking and insurance cluster will be in Shijingshan District." });
    const b = await s.qa.ask(Q_CLUSTER);
    expect(b.abstained).toBe(true);
    expect(b.answer).not.toMatch(/will be in Shijingshan/);
  });

  it("drops a claim whose cited passage does not hold its number", async () => {
    api.next({ reply: (req) => `Beijing wants 40 fintech companies by 2030 [${passageWith(req, "Shijingshan")}].` });
    const a = await s.qa.ask("How many fintech companies does Beijing want to attract by 2022?");
    expect(a.abstained).toBe(true);
    expect(a.answer).not.toMatch(/40|2030/);
  });

  it("abstains when the model says the passages do not answer", async () => {
    api.next({ reply: NO_ANSWER_PHRASE });
    const a = await s.qa.ask("What is the annual budget of the banking cluster?");
    expect(a.abstained).toBe(true);
    expect(a.generation!.declined).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0); // the closest passages, labelled as such
  });

  it("does not ask the model about what the documents never mention", async () => {
    const before = api.chats.length;
    const a = await s.qa.ask("What does Shanghai plan for fintech?");
    expect(a.abstained).toBe(true);
    expect(api.chats.length).toBe(before);
  });

  it("a provider that does not answer falls back to the quoted passages within the timeout", async () => {
    api.next({ hang: true });
    const t0 = Date.now();
    const a = await s.qa.ask(Q_CLUSTER);
    const ms = Date.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(2500);
    expect(a.abstained).toBe(false);
    expect(a.answer.endsWith(LLM_FALLBACK_NOTES.timeout)).toBe(true);
    expect(a.answer).toMatch(/Shijingshan/);
    expect(a.generation).toMatchObject({ by: "extractive", fallback: "timeout" });
    expectCheckable(a);
  });

  it("a stream that stalls midway falls back within the timeout too", async () => {
    api.next({ reply: (req) => citeSentence(req, "Shijingshan").repeat(3), pieces: 6, delayMs: 400 });
    const t0 = Date.now();
    const partials: string[] = [];
    const a = await s.qa.ask(Q_CLUSTER, { onPartial: (t) => partials.push(t) });
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(a.generation!.fallback).toBe("timeout");
    expect(a.answer.endsWith(LLM_FALLBACK_NOTES.timeout)).toBe(true);
  });

  it("a 500 falls back at once with a short note", async () => {
    api.next({ status: 500, message: "model crashed" });
    const t0 = Date.now();
    const a = await s.qa.ask(Q_CLUSTER);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(a.generation).toMatchObject({ by: "extractive", fallback: "error" });
    expect(a.answer.endsWith(LLM_FALLBACK_NOTES.error)).toBe(true);
    expect(s.logs.some((l) => l.includes("HTTP 500") && l.includes("model crashed"))).toBe(true);
  });

  it("a 429 whose Retry-After does not fit the timeout falls back at once", async () => {
    api.next({ status: 429, retryAfter: "30", message: "Rate limit reached" });
    const t0 = Date.now();
    const a = await s.qa.ask(Q_CLUSTER);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(a.generation).toMatchObject({ by: "extractive", fallback: "rate_limited" });
    expect(a.answer.endsWith(LLM_FALLBACK_NOTES.rate_limited)).toBe(true);
  });

  it("a 429 with a short Retry-After is retried once", async () => {
    api.next({ status: 429, retryAfter: "0.1" });
    const before = api.chats.length;
    const a = await s.qa.ask(Q_CLUSTER);
    expect(api.chats.length).toBe(before + 2);
    expect(a.generation!.by).toBe("llm");
    expect(a.answer).toMatch(/Shijingshan/);
  });

  it("streams over SSE: partial texts are checked sentences, numbered as in the final answer", async () => {
    api.next({
      reply: (req) => `${citeSentence(req, "Shijingshan")} Tongzhou gets a cluster too [77]. ${citeSentence(req, "Xicheng")}`,
      pieces: 12,
      delayMs: 15,
    });
    const partials: string[] = [];
    const a = await s.qa.ask(Q_CLUSTER, { onPartial: (t) => partials.push(t) });
    expect(api.chats.at(-1)!.streamed).toBe(true);
    expect(api.chats.at(-1)!.body.stream).toBe(true);
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) {
      expect(p).not.toContain("[77]");
      expect(a.answer.startsWith(p)).toBe(true);
    }
    expect(a.answer).not.toContain("[77]");
    expect(a.generation!.droppedSentences).toBe(1);
    expectCheckable(a);
  });

  it("leaves out a parameter the model refuses (reasoning models take no max_tokens) and asks again", async () => {
    api.next({ status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." });
    const before = api.chats.length;
    const a = await s.qa.ask(Q_CLUSTER);
    expect(api.chats.length).toBe(before + 2);
    expect(api.chats.at(-2)!.body.max_tokens).toBeDefined();
    expect(api.chats.at(-1)!.body.max_tokens).toBeUndefined();
    expect(a.generation!.by).toBe("llm");
  });

  it("never logs the API key, even when the server repeats it in an error", async () => {
    const wrong = await openLlmQa(index, { LLM: "openai", OPENAI_BASE_URL: api.baseUrl, OPENAI_API_KEY: "planbot-wrong-key-fedcba9876543210" });
    try {
      const a = await wrong.qa.ask(Q_CLUSTER);
      expect(a.generation).toMatchObject({ by: "extractive", fallback: "error" });
      expect(wrong.logs.some((l) => l.includes("HTTP 401"))).toBe(true);
      expect(JSON.stringify(a)).not.toContain("fedcba9876543210");
    } finally {
      await wrong.qa.close();
    }
    for (const line of [...wrong.logs, ...s.logs]) {
      expect(line).not.toContain("fedcba9876543210");
      expect(line).not.toContain(API_KEY);
    }
  });
});
