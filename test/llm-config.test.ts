// LLM / EMBEDDINGS as initChatModel takes them ("provider:model"), next to the older
// LLM=openai + LLM_MODEL form, and the messages for what cannot work.
import { describe, expect, it } from "vitest";
import { loadConfig, secretsOf } from "../src/config.js";

const base = { CORPUS_DIR: "corpus" };
const cfg = (env: Record<string, string>) => loadConfig({ ...base, ...env }, "/tmp");

describe("LLM and EMBEDDINGS", () => {
  it("default to none and local", () => {
    expect(cfg({})).toMatchObject({ llm: "none", llmModel: undefined, embeddings: "local", embeddingsModel: undefined });
  });

  it("take a provider with the model in LLM_MODEL / EMBEDDINGS_MODEL, as before", () => {
    expect(cfg({ LLM: "Ollama", LLM_MODEL: "llama3.1", EMBEDDINGS: "ollama", EMBEDDINGS_MODEL: "nomic-embed-text" })).toMatchObject({
      llm: "ollama",
      llmModel: "llama3.1",
      embeddings: "ollama",
      embeddingsModel: "nomic-embed-text",
    });
  });

  it("take provider:model; the model is everything after the first colon", () => {
    expect(cfg({ LLM: "ollama:llama3.1:8b" })).toMatchObject({ llm: "ollama", llmModel: "llama3.1:8b" });
    expect(cfg({ LLM: "anthropic:claude-3-5-haiku-latest", LLM_API_KEY: "k" })).toMatchObject({ llm: "anthropic", llmModel: "claude-3-5-haiku-latest" });
    expect(cfg({ EMBEDDINGS: "openai:text-embedding-3-large", OPENAI_API_KEY: "k" })).toMatchObject({ embeddings: "openai", embeddingsModel: "text-embedding-3-large" });
    expect(cfg({ LLM: "openai:gpt-4o", LLM_MODEL: "gpt-4o", OPENAI_API_KEY: "k" })).toMatchObject({ llmModel: "gpt-4o" });
  });

  it("say what is wrong", () => {
    expect(() => cfg({ LLM: "my model!" })).toThrow(/^LLM: expected none, a provider .* or provider:model, got "my model!"/);
    expect(() => cfg({ LLM: "anthropic:" })).toThrow(/^LLM: name the model after the colon/);
    expect(() => cfg({ LLM: "openai:gpt-4o", LLM_MODEL: "gpt-4o-mini", OPENAI_API_KEY: "k" })).toThrow(/^LLM_MODEL: LLM already names the model "gpt-4o"/);
    expect(() => cfg({ EMBEDDINGS: "local:x" })).toThrow(/^EMBEDDINGS: "local" takes no model/);
    expect(() => cfg({ LLM: "openai" })).toThrow(/^OPENAI_API_KEY: required/);
    expect(() => cfg({ LLM_BASE_URL: "ftp://x" })).toThrow(/^LLM_BASE_URL: expected an http\(s\) URL/);
  });

  it("LLM_API_KEY is a secret, and stands in for OPENAI_API_KEY for the chat model", () => {
    const c = cfg({ LLM: "openai:gpt-4o", LLM_API_KEY: "planbot-llm-key-0123456789" });
    expect(secretsOf(c)).toContain("planbot-llm-key-0123456789");
  });
});
