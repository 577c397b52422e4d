// The only place that reads process.env. Everything else receives a typed Config.
import path from "node:path";
import { config as loadDotenv } from "dotenv";
import { ConfigError } from "./errors.js";

// Where it was always imported from; the class lives with the others in errors.ts.
export { ConfigError };

/** "local" (the model in node_modules) or a LangChain provider: openai, ollama, cohere… */
export type EmbeddingsProvider = string;
/** "none" (extractive answers) or a LangChain provider: openai, ollama, anthropic, groq… */
export type LlmProvider = string;

/** Where the index lives: a versioned folder (INDEX_DIR), or Postgres with pgvector. */
export type VectorStoreConfig = { kind: "hnsw" } | ({ kind: "pgvector"; url: string; tablePrefix: string } & PgSettings);

/** How planbot uses its Postgres connections (VECTOR_STORE=pgvector). */
export interface PgSettings {
  /** PG_POOL_MAX: connections per process; undefined = 10, or 1 on a PGlite server (detected). */
  poolMax?: number;
  /** PG_STATEMENT_TIMEOUT_MS: the longest a question's query may run (index builds are exempt). */
  statementTimeoutMs: number;
}

/** The sslmode values node-postgres understands in PG_URL. */
const SSL_MODES = ["disable", "prefer", "require", "verify-ca", "verify-full", "no-verify"];

export interface Config {
  corpusDir: string;
  /** Whether the ingest follows symlinks that lead outside CORPUS_DIR (FOLLOW_SYMLINKS=outside). */
  followSymlinksOutside: boolean;
  /** The index folder (VECTOR_STORE=hnsw). */
  indexDir: string;
  vectorStore: VectorStoreConfig;
  /** Folder for runtime data next to the index (feedback file). */
  dataDir: string;
  embeddings: EmbeddingsProvider;
  embeddingsModel?: string;
  llm: LlmProvider;
  llmModel?: string;
  llmTimeoutMs: number;
  /** LLM_BASE_URL / LLM_API_KEY: the chat model's server and key (any provider; over OPENAI_*). */
  llmBaseUrl?: string;
  llmApiKey?: string;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  ollamaBaseUrl: string;
  /** Heap limit (MB) of the ingest process `npm start` runs; 0 = Node's default. */
  ingestMemoryMb: number;
  /** Worker threads for embedding at ingest; 0 = in the main thread. */
  embedWorkers: number;
  port: number;
  /** Address the HTTP server binds (HOST): 0.0.0.0 (every interface, the container default), 127.0.0.1, ::… */
  host: string;
  /**
   * /metrics on its own port (METRICS_PORT) instead of PORT, and/or behind a bearer token
   * (METRICS_TOKEN): for a PORT exposed to the internet.
   */
  metrics: { port?: number; token?: string };
  logLevel: "debug" | "info" | "warn" | "error";
  rateLimitPerMinute: number;
  /** How often a running process looks for a newly published index version (INDEX_RELOAD_MS); 0 = never. */
  indexReloadMs: number;
  /** Re-ingest when files under corpusDir change (WATCH_CORPUS, on by default). */
  watchCorpus: boolean;
  /** User ids allowed to add, remove and re-index documents from the chat (TELEGRAM_ADMINS, SLACK_ADMINS). */
  admins: { telegram: string[]; slack: string[] };
  /** Largest document an admin may upload (UPLOAD_MAX_MB). */
  uploadMaxBytes: number;
  telegram?: {
    token: string;
    apiRoot: string;
    webhookUrl?: string;
    webhookSecret?: string;
    allowedChats?: string[];
  };
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    allowedChannels?: string[];
    /** Post /ask answers for the whole channel instead of only the asker. */
    askInChannel: boolean;
  };
  /**
   * Shared state for several replicas (REDIS_URL): rate limits, de-duplication, conversation
   * memory, the polling lock. Absent: all of it stays in this process.
   */
  redis?: {
    url: string;
    /** host:port: the only part of the URL that logs and errors may show. */
    address: string;
    /** Put before every key, so that several deployments can share one Redis. */
    prefix: string;
    /** The URL's password, as written and decoded, for redaction. */
    passwords: string[];
  };
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

/**
 * LLM / EMBEDDINGS: a provider ("openai", with the model in LLM_MODEL / EMBEDDINGS_MODEL) or
 * "provider:model" as initChatModel takes it ("anthropic:claude-3-5-haiku-latest",
 * "ollama:llama3.1:8b": the model is everything after the first colon).
 */
function providerModel<T>(env: Env, name: string, modelName: string, off: string, build: (provider: string, model: string | undefined) => T): T {
  const raw = str(env, name);
  const separate = str(env, modelName);
  if (raw === undefined) return build(off, separate);
  const colon = raw.indexOf(":");
  const provider = (colon < 0 ? raw : raw.slice(0, colon)).trim().toLowerCase();
  const model = colon < 0 ? separate : raw.slice(colon + 1).trim();
  if (!/^[a-z][a-z0-9_-]{0,39}$/.test(provider)) {
    throw new ConfigError(name, `expected ${off}, a provider (openai, ollama, …) or provider:model, got "${raw}"`);
  }
  if (colon >= 0 && !model) throw new ConfigError(name, `name the model after the colon, e.g. ${provider}:<model>`);
  if (colon >= 0 && separate !== undefined && separate !== model) {
    throw new ConfigError(modelName, `${name} already names the model "${model}"; remove ${modelName} or make them agree`);
  }
  if (provider === off && model !== undefined && colon >= 0) throw new ConfigError(name, `"${off}" takes no model`);
  return build(provider, model);
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = str(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw new ConfigError(name, "expected an http(s) URL");
  }
  return raw;
}

function list(env: Env, name: string): string[] | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function vectorStore(env: Env): VectorStoreConfig {
  if (oneOf(env, "VECTOR_STORE", ["hnsw", "pgvector"] as const, "hnsw") === "hnsw") return { kind: "hnsw" };
  const url = str(env, "PG_URL");
  if (!url) throw new ConfigError("PG_URL", "required when VECTOR_STORE is pgvector (postgres://user:password@host:5432/db)");
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== "postgres:" && parsed?.protocol !== "postgresql:") throw new ConfigError("PG_URL", "expected a postgres:// URL");
  // TLS settings travel in the URL (sslmode, sslrootcert, sslcert, sslkey) to node-postgres.
  const sslmode = parsed.searchParams.get("sslmode");
  if (sslmode !== null && !SSL_MODES.includes(sslmode)) throw new ConfigError("PG_URL", `sslmode must be one of ${SSL_MODES.join(", ")}`);
  const tablePrefix = str(env, "PG_TABLE") ?? "planbot";
  if (!/^[a-z_][a-z0-9_]{0,39}$/.test(tablePrefix)) {
    throw new ConfigError("PG_TABLE", "use 1-40 characters a-z, 0-9 and _, starting with a letter or _");
  }
  return {
    kind: "pgvector",
    url,
    tablePrefix,
    poolMax: str(env, "PG_POOL_MAX") === undefined ? undefined : int(env, "PG_POOL_MAX", 1, 1, 100),
    statementTimeoutMs: int(env, "PG_STATEMENT_TIMEOUT_MS", 10_000, 100, 600_000),
  };
}

function redis(env: Env): Config["redis"] {
  const raw = str(env, "REDIS_URL");
  if (raw === undefined) return undefined;
  // The value is never echoed back: it may hold a password.
  const expected = "expected redis://[[user]:password@]host[:port][/db] (or rediss:// for TLS)";
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError("REDIS_URL", expected);
  }
  if ((u.protocol !== "redis:" && u.protocol !== "rediss:") || !u.hostname) throw new ConfigError("REDIS_URL", expected);
  if (u.pathname.length > 1 && !/^\/\d{1,2}$/.test(u.pathname)) throw new ConfigError("REDIS_URL", "the path must be a database number, such as /0");
  const prefix = str(env, "REDIS_PREFIX") ?? "planbot:";
  if (!/^[\x21-\x7e]{1,64}$/.test(prefix)) throw new ConfigError("REDIS_PREFIX", "use 1-64 visible ASCII characters, no spaces");
  return {
    url: raw,
    address: `${u.hostname}:${u.port || "6379"}`,
    prefix,
    passwords: urlPasswords(raw),
  };
}

function host(env: Env): string {
  const raw = str(env, "HOST") ?? "0.0.0.0";
  // An IP address or a host name; never a URL or something with a port.
  if (!/^[0-9A-Za-z.:_-]{1,253}$/.test(raw) || /^\d+$/.test(raw)) {
    throw new ConfigError("HOST", `expected an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::, got "${raw}"`);
  }
  return raw;
}

function metrics(env: Env): Config["metrics"] {
  const token = str(env, "METRICS_TOKEN");
  // Sent in an Authorization header: visible ASCII only, and long enough not to be guessed.
  if (token !== undefined && !/^[\x21-\x7e]{16,256}$/.test(token)) {
    throw new ConfigError("METRICS_TOKEN", "use 16-256 visible ASCII characters, no spaces");
  }
  const port = str(env, "METRICS_PORT") === undefined ? undefined : int(env, "METRICS_PORT", 0, 0, 65535);
  return { port, token };
}

/** Builds the configuration from an environment (process.env plus .env by default). */
export function loadConfig(env?: Env, cwd = process.cwd()): Config {
  if (env === undefined) {
    // .env never overrides variables already set in the environment.
    loadDotenv({ path: path.join(cwd, ".env"), quiet: true });
    env = process.env;
  }
  const corpusDir = path.resolve(cwd, str(env, "CORPUS_DIR") ?? "corpus");
  const indexDir = path.resolve(cwd, str(env, "INDEX_DIR") ?? "data/index");
  const config: Config = {
    corpusDir,
    followSymlinksOutside: oneOf(env, "FOLLOW_SYMLINKS", ["inside", "outside"] as const, "inside") === "outside",
    indexDir,
    dataDir: path.resolve(cwd, str(env, "DATA_DIR") ?? path.dirname(indexDir)),
    vectorStore: vectorStore(env),
    ...providerModel(env, "EMBEDDINGS", "EMBEDDINGS_MODEL", "local", (provider, model) => ({ embeddings: provider, embeddingsModel: model })),
    ...providerModel(env, "LLM", "LLM_MODEL", "none", (provider, model) => ({ llm: provider, llmModel: model })),
    llmTimeoutMs: int(env, "LLM_TIMEOUT_MS", 20_000, 100, 600_000),
    llmBaseUrl: url(env, "LLM_BASE_URL"),
    llmApiKey: str(env, "LLM_API_KEY"),
    openaiApiKey: str(env, "OPENAI_API_KEY"),
    openaiBaseUrl: url(env, "OPENAI_BASE_URL"),
    ollamaBaseUrl: url(env, "OLLAMA_BASE_URL", "http://127.0.0.1:11434")!,
    embedWorkers: int(env, "EMBED_WORKERS", -1, -1, 64),
    ingestMemoryMb: int(env, "INGEST_MEMORY_MB", 4096, 0, 1_048_576),
    port: int(env, "PORT", 3000, 0, 65535),
    host: host(env),
    metrics: metrics(env),
    logLevel: oneOf(env, "LOG_LEVEL", ["debug", "info", "warn", "error"] as const, "info"),
    rateLimitPerMinute: int(env, "RATE_LIMIT_PER_MINUTE", 10, 0, 10_000),
    indexReloadMs: int(env, "INDEX_RELOAD_MS", 1000, 0, 3_600_000),
    watchCorpus: oneOf(env, "WATCH_CORPUS", ["1", "0", "true", "false", "on", "off"] as const, "1").match(/^(1|true|on)$/) !== null,
    admins: { telegram: list(env, "TELEGRAM_ADMINS") ?? [], slack: list(env, "SLACK_ADMINS") ?? [] },
    uploadMaxBytes: int(env, "UPLOAD_MAX_MB", 20, 1, 50) * 1024 * 1024,
    redis: redis(env),
  };

  const tgToken = str(env, "TELEGRAM_BOT_TOKEN");
  if (tgToken) {
    if (!/^\d+:[\w-]+$/.test(tgToken)) {
      throw new ConfigError("TELEGRAM_BOT_TOKEN", "does not look like a bot token from BotFather (digits:letters)");
    }
    const webhookUrl = url(env, "TELEGRAM_WEBHOOK_URL");
    const webhookSecret = str(env, "TELEGRAM_WEBHOOK_SECRET");
    if (webhookSecret && !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
      throw new ConfigError("TELEGRAM_WEBHOOK_SECRET", "use 1-256 characters A-Z, a-z, 0-9, _ or -");
    }
    // Without it each replica registers its own random secret at start, and Telegram's requests
    // to every other replica get a 403.
    if (webhookUrl && !webhookSecret && config.redis) {
      throw new ConfigError("TELEGRAM_WEBHOOK_SECRET", "required with REDIS_URL in webhook mode: every replica must register the same secret");
    }
    config.telegram = {
      token: tgToken,
      apiRoot: url(env, "TELEGRAM_API_ROOT", "https://api.telegram.org")!.replace(/\/+$/, ""),
      webhookUrl,
      webhookSecret,
      allowedChats: list(env, "TELEGRAM_ALLOWED_CHATS"),
    };
  }

  const slackToken = str(env, "SLACK_BOT_TOKEN");
  if (slackToken) {
    const appToken = str(env, "SLACK_APP_TOKEN");
    const signingSecret = str(env, "SLACK_SIGNING_SECRET");
    if (!appToken && !signingSecret) {
      throw new ConfigError("SLACK_SIGNING_SECRET", "required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)");
    }
    let apiUrl = url(env, "SLACK_API_URL", "https://slack.com/api/")!;
    if (!apiUrl.endsWith("/")) apiUrl += "/";
    config.slack = {
      botToken: slackToken,
      signingSecret,
      appToken,
      apiUrl,
      allowedChannels: list(env, "SLACK_ALLOWED_CHANNELS"),
      askInChannel: oneOf(env, "SLACK_ASK_RESPONSE", ["ephemeral", "in_channel"] as const, "ephemeral") === "in_channel",
    };
  }

  const openaiChat = config.llm === "openai" && !config.llmApiKey && !config.llmBaseUrl;
  if (openaiChat || config.embeddings === "openai") {
    if (!config.openaiApiKey && !config.openaiBaseUrl) {
      throw new ConfigError("OPENAI_API_KEY", "required when LLM or EMBEDDINGS is openai (or set OPENAI_BASE_URL for a local server)");
    }
  }
  return config;
}

/** Secret values that must never reach a log line or an error message. */
export function secretsOf(config: Config): string[] {
  return [
    config.telegram?.token,
    config.telegram?.webhookSecret,
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.metrics.token,
    config.openaiApiKey,
    config.llmApiKey,
    ...(config.vectorStore.kind === "pgvector" ? urlPasswords(config.vectorStore.url) : []),
    ...(config.redis?.passwords ?? []),
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
}

/** The password of a URL as written and decoded (a log line may hold either form). */
function urlPasswords(url: string): string[] {
  let written = "";
  try {
    written = new URL(url).password;
  } catch {
    return [];
  }
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
    // a stray % stays as written
  }
  return [...new Set([written, decoded])].filter(Boolean);
}
