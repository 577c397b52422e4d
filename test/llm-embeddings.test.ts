// EMBEDDINGS=openai|ollama against the stand-ins: the real ingest records which model built the
// index, retrieval works with the server's vectors, an index built with one model refuses to
// answer with another (exit 3, naming the fix), and a failing server at question time still
// gets an answer from lexical search.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IndexUnavailableError } from "../src/index/manifest.js";
import { readManifest } from "../src/index/folder/index-folder.js";
import { currentVersion } from "../src/index/folder/publish.js";
import { buildPlanIndex, openLlmQa, type PlanIndex } from "./helpers/llm-qa.js";
import { run } from "./helpers/run.js";
import { OllamaApiStandIn } from "./standins/ollama-api.js";
import { OpenAiApiStandIn } from "./standins/openai-api.js";

let openai: OpenAiApiStandIn;
let ollama: OllamaApiStandIn;
let oaIndex: PlanIndex;
let olIndex: PlanIndex;

beforeAll(async () => {
  openai = await new OpenAiApiStandIn().start();
  openai.dims = 96;
  ollama = await new OllamaApiStandIn().start();
  ollama.dims = 48;
  oaIndex = await buildPlanIndex({ EMBEDDINGS: "openai", EMBEDDINGS_MODEL: "embed-a", OPENAI_BASE_URL: openai.baseUrl });
  olIndex = await buildPlanIndex({ EMBEDDINGS: "ollama", EMBEDDINGS_MODEL: "nomic-standin", OLLAMA_BASE_URL: ollama.baseUrl });
}, 60_000);

afterAll(async () => {
  await openai?.close();
  await ollama?.close();
  await oaIndex?.remove();
  await olIndex?.remove();
});

const manifestOf = async (i: PlanIndex) => readManifest((await currentVersion(i.indexDir))!);

describe("remote embeddings", () => {
  it("ingest embeds through the server and records the model and its size in the manifest", async () => {
    expect((await manifestOf(oaIndex)).embedding).toEqual({ model: "openai:embed-a@127.0.0.1", dims: 96 });
    expect((await manifestOf(olIndex)).embedding).toEqual({ model: "ollama:nomic-standin@127.0.0.1", dims: 48 });
    expect(openai.embeds.some((e) => e.model === "embed-a" && e.inputs.length > 1)).toBe(true);
    expect(ollama.embeds.some((e) => e.path === "/api/embed" && e.model === "nomic-standin")).toBe(true);
  });

  it("ingest waits out a 429 and retries a 500 instead of failing", async () => {
    openai.embedFailures.push({ status: 429, retryAfter: "0.05" }, { status: 500 });
    const before = openai.embeds.length;
    const again = await buildPlanIndex({ EMBEDDINGS: "openai", EMBEDDINGS_MODEL: "embed-a", OPENAI_BASE_URL: openai.baseUrl });
    try {
      expect((await manifestOf(again)).embedding.dims).toBe(96);
      expect(openai.embeds.length - before).toBeGreaterThanOrEqual(3);
      expect(openai.embedFailures).toHaveLength(0);
    } finally {
      await again.remove();
    }
  });

  it("answers with the server's query vectors (dense retrieval included)", async () => {
    for (const index of [oaIndex, olIndex]) {
      const { qa } = await openLlmQa(index, {});
      try {
        const { answer, retrieval } = await qa.askTraced("Where will the wealth management industry cluster be?");
        expect(answer.abstained).toBe(false);
        expect(answer.answer).toMatch(/Tongzhou/);
        expect(retrieval.passages.some((p) => (p.dense ?? 0) > 0)).toBe(true);
      } finally {
        await qa.close();
      }
    }
  });

  it("an index built with one embedding model refuses another, before any call to the server", async () => {
    const calls = openai.embeds.length;
    await expect(openLlmQa(oaIndex, { EMBEDDINGS_MODEL: "embed-b" })).rejects.toThrow(IndexUnavailableError);
    await expect(openLlmQa(oaIndex, { EMBEDDINGS_MODEL: "embed-b" })).rejects.toThrow(/embed-a.*embed-b.*npm run ingest/);
    await expect(openLlmQa(oaIndex, { EMBEDDINGS: "local" })).rejects.toThrow(/npm run ingest/);
    await expect(openLlmQa(olIndex, { EMBEDDINGS: "openai", EMBEDDINGS_MODEL: "embed-a", OPENAI_BASE_URL: openai.baseUrl })).rejects.toThrow(IndexUnavailableError);
    expect(openai.embeds.length).toBe(calls);
  });

  it("npm run ask exits 3 with the fix when the configured model is another one", async () => {
    const env = { ...oaIndex.env, EMBEDDINGS_MODEL: "embed-b", LLM: "none" };
    const r = await run("scripts/ask.ts", ["--json", "Where is the wealth management cluster?"], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/openai:embed-a@127\.0\.0\.1/);
    expect(r.stderr).toMatch(/npm run ingest/);
    expect(r.stdout).toBe("");
  }, 60_000);

  it("when the embedding server fails at question time, lexical search still answers", async () => {
    const { qa, logs } = await openLlmQa(olIndex, {});
    await ollama.close(); // the server goes away
    try {
      const { answer, retrieval } = await qa.askTraced("Which district gets the security industry cluster?");
      expect(answer.answer).toMatch(/Fangshan/);
      expect(retrieval.passages.every((p) => !p.dense)).toBe(true);
      expect(logs.some((l) => l.includes("lexical search only"))).toBe(true);
    } finally {
      await qa.close();
    }
  });
});
