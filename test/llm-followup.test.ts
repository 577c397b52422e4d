// Follow-up questions: each chat's last turns are kept (bounded, expiring), and with a language
// model a follow-up is rewritten into a standalone question before retrieval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConversationMemory } from "../src/conversation/memory.js";
import { cleanRewrite } from "../src/conversation/rewrite.js";
import { buildPlanIndex, openLlmQa, type LlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { echoModel, isRewriteRequest, questionOf } from "./standins/llm-common.js";
import { OpenAiApiStandIn } from "./standins/openai-api.js";

describe("ConversationMemory", () => {
  it("keeps the last few turns per chat, without markers", () => {
    const m = new ConversationMemory({ maxTurns: 2 });
    m.add("a", "q1", "first [1]");
    m.add("a", "q2", "second [2]");
    m.add("a", "q3", "third [1][2]");
    expect(m.recent("a").map((t) => [t.question, t.answer])).toEqual([
      ["q2", "second"],
      ["q3", "third"],
    ]);
    expect(m.recent("b")).toEqual([]);
  });

  it("forgets turns after the TTL, and the least recently active chats beyond the cap", () => {
    let now = 0;
    const m = new ConversationMemory({ ttlMs: 1000, maxChats: 2, now: () => now });
    m.add("a", "qa", "x");
    now = 600;
    m.add("b", "qb", "y");
    now = 1100; // a's turn has expired, b's has not
    expect(m.recent("a")).toEqual([]);
    expect(m.recent("b")).toHaveLength(1);
    m.add("c", "qc", "z");
    m.add("d", "qd", "w"); // over the cap: b, the least recently active, goes
    expect(m.size).toBe(2);
    expect(m.recent("b")).toEqual([]);
    expect(m.recent("d")).toHaveLength(1);
  });

  it("shortens long answers", () => {
    const m = new ConversationMemory();
    m.add("a", "q", "word ".repeat(500));
    expect(m.recent("a")[0]!.answer.length).toBeLessThanOrEqual(401);
  });
});

describe("cleanRewrite", () => {
  it("takes the question from the model's reply, or keeps the original when the reply is not one", () => {
    expect(cleanRewrite('Standalone question: "Where is the wealth cluster?"\nBecause…', "and that?", 2000)).toBe("Where is the wealth cluster?");
    expect(cleanRewrite("   \n  ", "and that?", 2000)).toBe("and that?");
    expect(cleanRewrite("x".repeat(500), "and that?", 2000)).toBe("and that?");
  });
});

describe("follow-ups with an LLM", () => {
  const REWRITTEN = "Which district will host the wealth management industry cluster?";
  let api: OpenAiApiStandIn;
  let index: PlanIndex;
  let s: LlmQa;

  beforeAll(async () => {
    api = await new OpenAiApiStandIn().start();
    api.reply = (req) => (isRewriteRequest(req) ? REWRITTEN : echoModel(req));
    index = await buildPlanIndex({ EMBEDDINGS: "openai", OPENAI_BASE_URL: api.baseUrl });
    s = await openLlmQa(index, { LLM: "openai", LLM_TIMEOUT_MS: "2000" });
  }, 60_000);

  afterAll(async () => {
    await s?.qa.close();
    await api?.close();
    await index?.remove();
  });

  const rewrites = () => api.chats.filter(isRewriteRequest);

  it("rewrites a follow-up into a standalone question and answers that", async () => {
    const first = await s.qa.ask("Which district will host the banking and insurance technology cluster?", { chatId: "chat-1" });
    expect(first.answer).toMatch(/Shijingshan/);
    expect(rewrites()).toHaveLength(0); // nothing to rewrite against yet

    const follow = await s.qa.ask("and which one for wealth management?", { chatId: "chat-1" });
    expect(rewrites()).toHaveLength(1);
    const prompt = rewrites()[0]!
      .body.messages.map((m) => m.content)
      .join("\n");
    expect(prompt).toContain("User: Which district will host the banking and insurance technology cluster?");
    expect(prompt).toMatch(/Assistant: .*Shijingshan/);
    expect(prompt).toContain("Latest question: and which one for wealth management?");
    // Retrieval and the answer prompt both used the standalone question.
    expect(questionOf(api.answerRequests.at(-1)!)).toBe(REWRITTEN);
    expect(follow.question).toBe("and which one for wealth management?");
    expect(follow.generation!.standaloneQuestion).toBe(REWRITTEN);
    expect(follow.answer).toMatch(/Tongzhou/);
  });

  it("keeps chats apart, and does nothing without a chat", async () => {
    const before = rewrites().length;
    await s.qa.ask("and which one for wealth management?", { chatId: "chat-2" });
    await s.qa.ask("and which one for wealth management?");
    expect(rewrites().length).toBe(before);
  });

  it("when the rewrite fails, searches for the follow-up as asked", async () => {
    await s.qa.ask("Which district will host the banking and insurance technology cluster?", { chatId: "chat-3" });
    api.next({ status: 503, message: "overloaded" });
    const a = await s.qa.ask("And the security industry cluster in Fangshan?", { chatId: "chat-3" });
    expect(questionOf(api.answerRequests.at(-1)!)).toBe("And the security industry cluster in Fangshan?");
    expect(a.generation!.standaloneQuestion).toBeUndefined();
    expect(a.answer).toMatch(/Fangshan/);
    expect(s.logs.some((l) => l.includes("could not rewrite the follow-up"))).toBe(true);
  });
});
