// Picks the chat model from the configuration: none (extractive answers), an OpenAI-compatible
// API, or Ollama. Both are LangChain chat models (BaseChatModel), loaded only when configured:
// extractive answers do not pay for LangChain's chat-model modules at start-up.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Config } from "../config.js";
import { hostOf, OPENAI_DEFAULT_BASE_URL } from "./http.js";

export interface ChatSetup {
  model: BaseChatModel;
  provider: "openai" | "ollama";
  /** The model's name at the provider (LLM_MODEL or the default). */
  modelName: string;
  /** Host of the server, for reports and logs (never credentials). */
  host: string;
  /** Longest wait for an answer before falling back to the extractive one. */
  timeoutMs: number;
}

export async function createChatModel(config: Config): Promise<ChatSetup | undefined> {
  switch (config.llm) {
    case "none":
      return undefined;
    case "openai": {
      const { OPENAI_DEFAULT_CHAT_MODEL, OpenAiCompatibleChat } = await import("./openai.js");
      const modelName = config.llmModel ?? OPENAI_DEFAULT_CHAT_MODEL;
      const baseUrl = config.openaiBaseUrl ?? OPENAI_DEFAULT_BASE_URL;
      return {
        model: new OpenAiCompatibleChat({ model: modelName, baseUrl, apiKey: config.openaiApiKey }),
        provider: "openai",
        modelName,
        host: hostOf(baseUrl),
        timeoutMs: config.llmTimeoutMs,
      };
    }
    case "ollama": {
      const { OLLAMA_DEFAULT_CHAT_MODEL, OllamaChat } = await import("./ollama.js");
      const modelName = config.llmModel ?? OLLAMA_DEFAULT_CHAT_MODEL;
      return {
        model: new OllamaChat({ model: modelName, baseUrl: config.ollamaBaseUrl }),
        provider: "ollama",
        modelName,
        host: hostOf(config.ollamaBaseUrl),
        timeoutMs: config.llmTimeoutMs,
      };
    }
  }
}

/** "openai:gpt-4o-mini@api.openai.com": which model answered, for reports. */
export function chatModelId(setup: ChatSetup): string {
  return `${setup.provider}:${setup.modelName}@${setup.host}`;
}
