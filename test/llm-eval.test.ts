// The evaluation with a language model: the same report compares extractive and generated
// answers, says which models produced them, and counts how the generated ones came about.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../src/eval/dataset.js";
import { modelsNote } from "../src/eval/report.js";
import { evaluate, type EvalReport } from "../src/eval/run-eval.js";
import { buildPlanIndex, openLlmQa, PLAN_CORPUS, type LlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { run, ROOT } from "./helpers/run.js";
import { OpenAiApiStandIn } from "./standins/openai-api.js";

let api: OpenAiApiStandIn;
let index: PlanIndex;
let s: LlmQa;

beforeAll(async () => {
  api = await new OpenAiApiStandIn().start();
  index = await buildPlanIndex({ EMBEDDINGS: "openai", OPENAI_BASE_URL: api.baseUrl });
  s = await openLlmQa(index, { LLM: "openai", LLM_MODEL: "standin-chat", LLM_TIMEOUT_MS: "1500" });
}, 60_000);

afterAll(async () => {
  await s?.qa.close();
  await api?.close();
  await index?.remove();
});

describe("npm run eval with an LLM", () => {
  it("compares both answerers in one report, naming the models", async () => {
    const items = (await readDataset(path.join(ROOT, "eval/plan.jsonl"))).slice(0, 8);
    api.next({ hang: true }); // one answer falls back, and the report says so
    const report = await evaluate(s.qa, items, { retrievers: ["hybrid"], corpusDir: PLAN_CORPUS, dataset: "plan", answerers: ["llm", "extractive"] });
    expect(Object.keys(report.retrievers)).toEqual(["hybrid/llm", "hybrid/extractive"]);
    expect(report.models).toEqual({ answerer: "llm", llm: expect.stringMatching(/^openai:standin-chat@127\.0\.0\.1/), embeddings: "openai:text-embedding-3-small@127.0.0.1" });
    const llm = report.retrievers["hybrid/llm"]!;
    const ex = report.retrievers["hybrid/extractive"]!;
    expect(llm.answerer).toBe("llm");
    expect(ex.generation).toBeUndefined();
    expect(llm.generation!.fallbacks.timeout).toBe(1);
    const g = llm.generation!;
    expect(g.generated + g.declined + g.fallbacks.timeout + g.fallbacks.rate_limited + g.fallbacks.error).toBe(items.length);
    expect(g.generated).toBeGreaterThan(0);
    // Generated answers cite exact slices of the documents, like extractive ones.
    expect(llm.overall.citationValidity).toBe(1);
    expect(ex.questions.every((q) => q.answer.generation?.by === "extractive" && !q.answer.generation.fallback)).toBe(true);
    expect(modelsNote(report)).toMatch(/hybrid\/llm: \d+ generated, \d+ declined, 1 fell back/);
  }, 30_000);

  it("the command prints the models and one row per answerer, and writes them to the JSON", async () => {
    const lines = (await readFile(path.join(ROOT, "eval/plan.jsonl"), "utf8")).split("\n").filter(Boolean).slice(0, 4);
    const dataset = path.join(index.dir, "mini.jsonl");
    const out = path.join(index.dir, "report.json");
    await writeFile(dataset, lines.join("\n"));
    const env = { ...index.env, LLM: "openai", LLM_MODEL: "standin-chat" };
    const r = await run("scripts/eval.ts", ["--dataset", dataset, "--answerer", "extractive,llm", "--out", out], { env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/answers: llm \(LLM openai:standin-chat@127\.0\.0\.1:\d+\); embeddings: openai:text-embedding-3-small@127\.0\.0\.1/);
    expect(r.stdout).toContain("| hybrid/extractive | **all** | 4 |");
    expect(r.stdout).toContain("| hybrid/llm | **all** | 4 |");
    const report = JSON.parse(await readFile(out, "utf8")) as EvalReport;
    expect(report.models!.llm).toMatch(/^openai:standin-chat/);
    const bad = await run("scripts/eval.ts", ["--dataset", dataset, "--answerer", "llm"], { env: { ...index.env, LLM: "none" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/LLM=openai/);
  }, 60_000);
});
