// A LangChain chat model for any OpenAI-compatible Chat Completions API (OpenAI, vLLM,
// llama.cpp server, LM Studio): POST {base}/chat/completions, plain or streamed (SSE).
// Written over fetch on @langchain/core's BaseChatModel, so it runs on Node 20 and every
// failure is an LlmError whose message never carries the key.
import type { BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { LlmError } from "./errors.js";
import { OPENAI_DEFAULT_BASE_URL, postJson, readJson, sseData, type Endpoint } from "./http.js";
import { HttpChatModel } from "./http-chat-model.js";
import { toWireMessages } from "./messages.js";

export const OPENAI_DEFAULT_CHAT_MODEL = "gpt-4o-mini";

export interface OpenAiChatFields extends BaseChatModelParams {
  model: string;
  baseUrl?: string;
  /** Optional for local servers, which usually need none. */
  apiKey?: string;
  temperature?: number;
  maxTokens?: number;
}

interface Completion {
  choices?: Array<{ message?: { content?: unknown }; delta?: { content?: unknown } }>;
  error?: { message?: string };
}

export class OpenAiCompatibleChat extends HttpChatModel {
  static override lc_name(): string {
    return "PlanbotOpenAiCompatibleChat";
  }

  constructor(fields: OpenAiChatFields) {
    const { apiKey, ...rest } = fields;
    const baseUrl = fields.baseUrl ?? OPENAI_DEFAULT_BASE_URL;
    // The key is kept out of super()'s LangChain params: LangChain keeps them for serialisation.
    super({ ...rest, apiKey: undefined } as BaseChatModelParams, fields, {
      label: "OpenAI-compatible API",
      baseUrl,
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      secrets: apiKey ? [apiKey] : [],
    });
  }

  override _llmType(): string {
    return "openai-compatible";
  }

  // Parameters a model refused (reasoning models take neither max_tokens nor temperature 0):
  // left out from then on.
  private readonly refused = new Set<"temperature" | "max_tokens">();

  private body(messages: BaseMessage[], stream: boolean) {
    return {
      model: this.model,
      messages: toWireMessages(messages),
      ...(this.refused.has("temperature") ? {} : { temperature: this.temperature }),
      ...(this.refused.has("max_tokens") ? {} : { max_tokens: this.maxTokens }),
      stream,
    };
  }

  /** POSTs the request; a 400 naming an unsupported optional parameter is retried without it. */
  private async post(messages: BaseMessage[], stream: boolean, signal?: AbortSignal): Promise<Response> {
    for (;;) {
      try {
        return await postJson(this.endpoint, "chat/completions", this.body(messages, stream), signal);
      } catch (err) {
        const param = err instanceof LlmError && err.status === 400 ? /\b(temperature|max_tokens)\b/.exec(err.message)?.[1] : undefined;
        if (!param || this.refused.has(param as "temperature")) throw err;
        this.refused.add(param as "temperature" | "max_tokens");
      }
    }
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const res = await this.post(messages, false, options.signal);
    // A server that streams anyway (some proxies do) is read as a stream.
    const text = isEventStream(res) ? await collect(this.deltas(res, options.signal)) : contentOf((await readJson(res, this.endpoint, options.signal)) as Completion, this.endpoint);
    return { generations: [{ text, message: new AIMessage(text) }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const res = await this.post(messages, true, options.signal);
    // A server that ignores `stream` answers with one JSON completion: one chunk.
    const deltas = isEventStream(res) ? this.deltas(res, options.signal) : once(contentOf((await readJson(res, this.endpoint, options.signal)) as Completion, this.endpoint));
    for await (const text of deltas) {
      yield new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
      await runManager?.handleLLMNewToken(text);
    }
  }

  private async *deltas(res: Response, signal?: AbortSignal): AsyncGenerator<string> {
    for await (const data of sseData(res, this.endpoint, signal)) {
      let event: Completion;
      try {
        event = JSON.parse(data) as Completion;
      } catch {
        throw new LlmError("bad_response", `the ${this.endpoint.label} sent an unreadable stream event`);
      }
      if (event.error) throw new LlmError("http", `the ${this.endpoint.label} reported an error mid-stream`);
      const content = event.choices?.[0]?.delta?.content;
      if (typeof content === "string" && content) yield content;
    }
  }
}

function isEventStream(res: Response): boolean {
  return (res.headers.get("content-type") ?? "").includes("text/event-stream");
}

function contentOf(json: Completion, endpoint: Endpoint): string {
  const content = json?.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new LlmError("bad_response", `the ${endpoint.label} sent a completion without text`);
  return content;
}

async function* once(text: string): AsyncGenerator<string> {
  if (text) yield text;
}

async function collect(parts: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const p of parts) out += p;
  return out;
}
