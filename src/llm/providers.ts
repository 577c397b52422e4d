// What planbot knows about model providers beyond LangChain's own table (initChatModel's): how to
// point a provider's package at a server and a key, its default models, and which class of its
// package makes embeddings (LangChain JS has no initEmbeddings). A provider missing here still
// works for chat through initChatModel, configured by its package's own variables.

/** Where the server is and the key for it, from the configuration. */
export interface Connection {
  baseUrl?: string;
  apiKey?: string;
}

export interface ProviderInfo {
  /** Names the server in messages: "the <label> at <host>". */
  label: string;
  defaultBaseUrl?: string;
  /** The constructor fields of the provider's classes that set the server and the key. */
  connect(c: Connection): Record<string, unknown>;
  /** More constructor fields for the chat model (the answer-length cap under its own name). */
  chatFields?: Record<string, unknown>;
  defaultChatModel?: string;
  embeddings?: { package: string; className: string; defaultModel?: string; fields?: Record<string, unknown> };
}

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

export const PROVIDERS: Record<string, ProviderInfo> = {
  openai: {
    label: "OpenAI-compatible API",
    defaultBaseUrl: OPENAI_DEFAULT_BASE_URL,
    // Local servers need no key, but the OpenAI SDK refuses to start without one.
    connect: (c) => ({ apiKey: c.apiKey ?? "no-key", configuration: { baseURL: c.baseUrl ?? OPENAI_DEFAULT_BASE_URL } }),
    defaultChatModel: "gpt-4o-mini",
    embeddings: {
      package: "@langchain/openai",
      className: "OpenAIEmbeddings",
      defaultModel: "text-embedding-3-small",
      // Floats, not the SDK's base64 (which OpenAI-compatible servers may not speak); texts as
      // written, so vectors match indexes built before.
      fields: { encodingFormat: "float", stripNewLines: false },
    },
  },
  ollama: {
    label: "Ollama server",
    defaultBaseUrl: "http://127.0.0.1:11434",
    connect: (c) => ({ baseUrl: c.baseUrl ?? "http://127.0.0.1:11434" }),
    chatFields: { numPredict: 500 },
    defaultChatModel: "llama3.1",
    embeddings: { package: "@langchain/ollama", className: "OllamaEmbeddings", defaultModel: "nomic-embed-text" },
  },
  anthropic: {
    label: "Anthropic API",
    defaultBaseUrl: "https://api.anthropic.com",
    connect: (c) => ({ apiKey: c.apiKey, anthropicApiUrl: c.baseUrl }),
  },
  // Embeddings classes of other LangChain packages, loaded by name only (not tested here).
  cohere: { label: "Cohere API", connect: apiKeyOnly, embeddings: { package: "@langchain/cohere", className: "CohereEmbeddings" } },
  mistralai: { label: "Mistral API", connect: apiKeyOnly, embeddings: { package: "@langchain/mistralai", className: "MistralAIEmbeddings" } },
  "google-genai": { label: "Gemini API", connect: apiKeyOnly, embeddings: { package: "@langchain/google-genai", className: "GoogleGenerativeAIEmbeddings" } },
  bedrock: { label: "Bedrock", connect: () => ({}), embeddings: { package: "@langchain/aws", className: "BedrockEmbeddings" } },
};

function apiKeyOnly(c: Connection): Record<string, unknown> {
  return c.apiKey ? { apiKey: c.apiKey } : {};
}

/** What planbot knows about `provider`; an unknown one gets its key passed as `apiKey`. */
export function providerInfo(provider: string): ProviderInfo {
  return PROVIDERS[provider] ?? { label: `${provider} API`, connect: apiKeyOnly };
}

/** The host (and port) of a URL, without credentials or path: safe to show. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}

/** An import error that means the package is not installed, as the command that fixes it. */
export function missingPackage(err: unknown, pkg: string): string | undefined {
  const text = String((err as { message?: unknown })?.message ?? err);
  const code = String((err as { code?: unknown })?.code ?? "");
  if (code.includes("MODULE_NOT_FOUND") || /Unable to import|Cannot find (package|module)/.test(text)) return `npm i ${pkg}`;
  return undefined;
}
