// Picks the chat model from the configuration: none (extractive answers), or "provider:model"
// through LangChain's initChatModel, so any installed LangChain provider package works
// (@langchain/openai and @langchain/ollama ship with planbot). Loaded only when configured:
// extractive answers do not pay for LangChain's chat-model modules at start-up.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ConfigError, type Config } from "../config.js";
import type { LlmError, ProviderSource } from "./errors.js";
import { hostOf, missingPackage, providerInfo, type Connection } from "./providers.js";

export interface ChatSetup {
  model: BaseChatModel;
  /** The LangChain provider name (openai, ollama, anthropic…). */
  provider: string;
  /** The model's name at the provider (from LLM, LLM_MODEL or the provider's default). */
  modelName: string;
  /** Who answers, for messages and logs: its host (never credentials) and the key to scrub. */
  source: ProviderSource;
  /** Longest wait for an answer before falling back to the extractive one. */
  timeoutMs: number;
  /**
   * Some models refuse an optional setting (OpenAI's reasoning models take neither max_tokens
   * nor temperature 0). For a 400 that names one, rebuilds the model without it (from then on)
   * and says true: asking again can help.
   */
  dropRefusedSetting(error: LlmError): Promise<boolean>;
}

/** Wire names of the optional settings → the constructor field. */
const REFUSABLE: Record<string, string> = { temperature: "temperature", max_tokens: "maxTokens", max_completion_tokens: "maxTokens" };

/** The answer is a short, sober text: the same settings for every provider. */
const ANSWER_SETTINGS = { temperature: 0, maxTokens: 500 };

export async function createChatModel(config: Config): Promise<ChatSetup | undefined> {
  if (config.llm === "none") return undefined;
  const provider = config.llm;
  const info = providerInfo(provider);
  const modelName = config.llmModel ?? info.defaultChatModel;
  if (!modelName) throw new ConfigError("LLM", `name the model: LLM=${provider}:<model> (or set LLM_MODEL)`);
  const connection = chatConnection(config);
  const baseUrl = connection.baseUrl ?? info.defaultBaseUrl;
  const settings: Record<string, unknown> = { ...ANSWER_SETTINGS, ...info.chatFields };
  const { initChatModel } = await import("langchain/chat_models/universal");
  const build = async (): Promise<BaseChatModel> => {
    const configurable = await initChatModel(modelName, {
      modelProvider: provider,
      ...settings,
      ...info.connect(connection),
      // planbot retries a 429 itself, within the question's deadline; LangChain's own retries
      // (6, with backoff) would outlast it.
      maxRetries: 0,
    });
    // The provider's own model, resolved once: its package is imported now (a missing one is a
    // start-up error, not a failed first question), and calls skip the configurable wrapper.
    return configurable._getModelInstance();
  };
  let model: BaseChatModel;
  try {
    model = await build();
  } catch (err) {
    const fix = missingPackage(err, `@langchain/${provider}`);
    const why = fix ? `the provider's package is not installed; run \`${fix}\`` : String((err as Error)?.message ?? err).split("\n")[0];
    throw new ConfigError("LLM", `cannot set up "${provider}:${modelName}": ${why}`);
  }
  const setup: ChatSetup = {
    model,
    provider,
    modelName,
    source: { label: info.label, host: baseUrl ? hostOf(baseUrl) : "default", secrets: connection.apiKey ? [connection.apiKey] : [] },
    timeoutMs: config.llmTimeoutMs,
    async dropRefusedSetting(error) {
      const named = error.status === 400 ? /\b(temperature|max_tokens|max_completion_tokens)\b/.exec(error.message)?.[1] : undefined;
      const field = named && REFUSABLE[named];
      if (!field || !(field in settings)) return false;
      delete settings[field];
      setup.model = await build();
      return true;
    },
  };
  return setup;
}
/** LLM_BASE_URL / LLM_API_KEY, else the provider's own planbot variables (OPENAI_*, OLLAMA_BASE_URL). */
function chatConnection(config: Config): Connection {
  const own: Connection = config.llm === "openai" ? { baseUrl: config.openaiBaseUrl, apiKey: config.openaiApiKey } : config.llm === "ollama" ? { baseUrl: config.ollamaBaseUrl } : {};
  return { baseUrl: config.llmBaseUrl ?? own.baseUrl, apiKey: config.llmApiKey ?? own.apiKey };
}

/** "openai:gpt-4o-mini@api.openai.com": which model answered, for reports. */
export function chatModelId(setup: ChatSetup): string {
  return `${setup.provider}:${setup.modelName}@${setup.source.host}`;
}
