// planbot inside LangChain: the hybrid retriever is a BaseRetriever whose invoke() returns the
// passages the service answers from, in the same order; the answer path is one chain
// (retrieve → answer → check) in LangChain callbacks, the chat model's run inside it; LangSmith's
// standard variables trace a question end to end (to a stand-in on 127.0.0.1), and without them
// nothing leaves the machine.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { awaitAllCallbacks } from "@langchain/core/callbacks/promises";
import { Document } from "@langchain/core/documents";
import { RunnableLambda } from "@langchain/core/runnables";
import type { Answer } from "../src/types.js";
import { buildPlanIndex, openLlmQa, PLAN_CORPUS, PLAN_DOC, type LlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { run } from "./helpers/run.js";
import { readBody } from "./standins/llm-common.js";
import { OpenAiApiStandIn } from "./standins/openai-api.js";

const QUESTIONS = ["Which district will host the banking and insurance technology cluster?", "What are the main tasks of the plan?", "Where will the wealth management industry cluster be?"];
const TRACING_VARS = ["LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING", "LANGSMITH_ENDPOINT", "LANGCHAIN_ENDPOINT", "LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"];
const LANGSMITH_KEY = "planbot-langsmith-key-0123456789abcdef";

let index: PlanIndex;
let api: OpenAiApiStandIn;
let s: LlmQa;
let doc: string;

beforeAll(async () => {
  for (const v of TRACING_VARS) delete process.env[v];
  doc = (await readFile(path.join(PLAN_CORPUS, PLAN_DOC), "utf8")).replace(/^\uFEFF/, "");
  api = await new OpenAiApiStandIn().start();
  index = await buildPlanIndex();
  s = await openLlmQa(index, { LLM: "openai:standin-chat", OPENAI_BASE_URL: api.baseUrl, LLM_TIMEOUT_MS: "3000" });
}, 120_000);

afterAll(async () => {
  for (const v of TRACING_VARS) delete process.env[v];
  await s?.qa.close();
  await api?.close();
  await index?.remove();
});

/** Records what LangChain reports: chain, retriever and chat-model runs with their parents. */
class Recorder extends BaseCallbackHandler {
  name = "recorder";
  readonly runs: Array<{ type: string; name: string; id: string; parent?: string }> = [];
  readonly retrieved: Document[][] = [];
  override handleChainStart(_c: unknown, _i: unknown, id: string, parent?: string, _t?: string[], _m?: unknown, _rt?: string, name?: string) {
    this.runs.push({ type: "chain", name: name ?? "?", id, parent });
  }
  override handleRetrieverStart(_r: unknown, _q: string, id: string, parent?: string) {
    this.runs.push({ type: "retriever", name: "retriever", id, parent });
  }
  override handleRetrieverEnd(documents: Document[]) {
    this.retrieved.push(documents);
  }
  override handleChatModelStart(_l: unknown, _m: unknown, id: string, parent?: string) {
    this.runs.push({ type: "chat_model", name: "chat_model", id, parent });
  }
  parentName(run: { parent?: string }): string | undefined {
    return this.runs.find((r) => r.id === run.parent)?.name;
  }
}

/** Asks inside a LangChain run that carries `handler`, as a LangChain app embedding planbot would. */
function askWithCallbacks(question: string, handler: BaseCallbackHandler): Promise<Answer> {
  return RunnableLambda.from((q: string) => s.qa.ask(q)).invoke(question, { callbacks: [handler], runName: "app" });
}

describe("the LangChain retriever", () => {
  it("invoke() returns Documents with source, start, end and score: the service's passages, in its order", async () => {
    for (const q of QUESTIONS) {
      const docs = await s.qa.retriever.invoke(q);
      const { retrieval } = await s.qa.askTraced(q, { answerer: "extractive" });
      expect(docs.length).toBeGreaterThan(0);
      expect(docs.map((d) => d.metadata)).toEqual(retrieval.passages.map((p) => expect.objectContaining({ source: p.chunk.source, start: p.chunk.start, end: p.chunk.end, score: p.score })));
      for (const d of docs) {
        expect(d).toBeInstanceOf(Document);
        expect(d.pageContent).toBe(doc.slice(d.metadata.start, d.metadata.end));
      }
      expect(docs.map((d) => d.metadata.score)).toEqual([...docs.map((d) => d.metadata.score)].sort((a, b) => b - a));
    }
  });

  it("the passages `npm run ask -- --json` cites are the retriever's documents", async () => {
    for (const q of QUESTIONS) {
      const docs = await s.qa.retriever.invoke(q);
      const r = await run("scripts/ask.ts", ["--json", q], { env: { ...index.env, LLM: "none" } });
      expect(r.code).toBe(0);
      const answer = JSON.parse(r.stdout) as Answer;
      expect(answer.citations.length).toBeGreaterThan(0);
      // Each quote lies inside one of the documents, and the first quote is in the top-ranked one it can be.
      const ranks = answer.citations.map((c) => docs.findIndex((d) => d.metadata.source === c.source && d.metadata.start <= c.start && c.end <= d.metadata.end));
      expect(ranks.every((i) => i >= 0)).toBe(true);
    }
  }, 60_000);
});

describe("the answer chain in LangChain callbacks", () => {
  it("one 'planbot' chain: retrieve (with the retriever run) → answer (with the chat model run) → check", async () => {
    const rec = new Recorder();
    const answer = await askWithCallbacks(QUESTIONS[0]!, rec);
    expect(answer.generation?.by).toBe("llm");
    const chain = rec.runs.filter((r) => r.type === "chain");
    const planbot = chain.find((r) => r.name === "planbot");
    expect(planbot).toBeDefined();
    expect(rec.parentName(planbot!)).toBe("app");
    const steps = chain.filter((r) => r.parent === planbot!.id).map((r) => r.name);
    expect(steps).toEqual(["retrieve", "answer", "check"]);
    const retriever = rec.runs.find((r) => r.type === "retriever")!;
    expect(rec.parentName(retriever)).toBe("retrieve");
    const model = rec.runs.find((r) => r.type === "chat_model")!;
    expect(rec.parentName(model)).toBe("answer");
    // What the retriever reported is what the answer cites from.
    const cited = answer.citations[0]!;
    expect(rec.retrieved[0]!.some((d) => d.metadata.start <= cited.start && cited.end <= d.metadata.end)).toBe(true);
  });
});

describe("tracing", () => {
  /** The host of every TCP connection opened while `work` runs (fetch, http and SDKs all go through net.Socket). */
  async function connectionsDuring(work: () => Promise<unknown>): Promise<string[]> {
    const hosts: string[] = [];
    const real = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const first = args[0] as { host?: string; path?: string } | number | string;
      hosts.push(typeof first === "object" && first ? (first.host ?? first.path ?? "localhost") : typeof args[1] === "string" ? args[1] : "localhost");
      return (real as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof real;
    try {
      await work();
      await awaitAllCallbacks();
      await new Promise((r) => setTimeout(r, 1500)); // a tracer would flush by now
    } finally {
      net.Socket.prototype.connect = real;
    }
    return hosts;
  }

  it("without LangSmith's variables nothing leaves the machine", async () => {
    const before = api.chats.length;
    // A fresh question: the provider's keep-alive connection may be reused, so hosts may be empty.
    const hosts = await connectionsDuring(() => s.qa.ask(QUESTIONS[1]!));
    expect(api.chats.length).toBe(before + 1); // the model was asked
    for (const h of hosts) expect(h).toMatch(/^(127\.0\.0\.1|localhost)$/);
  });

  it("LANGSMITH_TRACING, LANGSMITH_ENDPOINT and LANGSMITH_API_KEY trace `npm run ask` end to end, with no code", async () => {
    const received: Array<{ path: string; body: string; key?: string }> = [];
    const langsmith = http.createServer(async (req, res) => {
      received.push({ path: req.url ?? "", body: await readBody(req), key: req.headers["x-api-key"] as string | undefined });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((r) => langsmith.listen(0, "127.0.0.1", r));
    const env = {
      ...index.env,
      LLM: "openai:standin-chat",
      OPENAI_BASE_URL: api.baseUrl,
      OPENAI_API_KEY: "planbot-trace-key-fedcba9876543210",
      LANGSMITH_TRACING: "true",
      LANGSMITH_ENDPOINT: `http://127.0.0.1:${(langsmith.address() as AddressInfo).port}`,
      LANGSMITH_API_KEY: LANGSMITH_KEY,
    };
    try {
      const r = await run("scripts/ask.ts", ["--json", QUESTIONS[2]!], { env });
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as Answer).generation?.by).toBe("llm");
    } finally {
      langsmith.closeAllConnections();
      await new Promise<void>((r) => langsmith.close(() => r()));
    }
    const runs = received.filter((r) => r.path.startsWith("/runs"));
    expect(runs.length).toBeGreaterThan(0);
    const all = runs.map((r) => r.body).join("\n");
    for (const name of ["planbot", "retrieve", "answer", "check", "PlanbotHybridRetriever", "ChatOpenAI"]) expect(all).toContain(`"${name}"`);
    expect(all).toContain("wealth management");
    expect(all).not.toContain("fedcba9876543210"); // the model's key stays out of the trace
    expect(runs.every((r) => r.key === LANGSMITH_KEY)).toBe(true);
  }, 60_000);
});
