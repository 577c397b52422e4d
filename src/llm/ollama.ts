// A LangChain chat model for Ollama's native API: POST {base}/api/chat, plain or streamed
// (one JSON object per line). Over fetch on @langchain/core's BaseChatModel, like openai.ts.
import type { BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { LlmError } from "./errors.js";
import { lines, postJson, readJson } from "./http.js";
import { HttpChatModel } from "./http-chat-model.js";
import { toWireMessages } from "./messages.js";

export const OLLAMA_DEFAULT_CHAT_MODEL = "llama3.1";

export interface OllamaChatFields extends BaseChatModelParams {
  model: string;
  baseUrl: string;
  temperature?: number;
  maxTokens?: number;
}

interface OllamaReply {
  message?: { content?: unknown };
  done?: boolean;
  error?: unknown;
}

export class OllamaChat extends HttpChatModel {
  static override lc_name(): string {
    return "PlanbotOllamaChat";
  }

  constructor(fields: OllamaChatFields) {
    super(fields, fields, { label: "Ollama server", baseUrl: fields.baseUrl, secrets: [] });
  }

  override _llmType(): string {
    return "ollama";
  }

  private body(messages: BaseMessage[], stream: boolean) {
    return {
      model: this.model,
      messages: toWireMessages(messages),
      stream,
      options: { temperature: this.temperature, num_predict: this.maxTokens },
    };
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const res = await postJson(this.endpoint, "api/chat", this.body(messages, false), options.signal);
    const json = (await readJson(res, this.endpoint, options.signal)) as OllamaReply;
    if (json?.error) throw new LlmError("http", `the Ollama server reported an error: ${String(json.error).slice(0, 200)}`);
    const text = json?.message?.content;
    if (typeof text !== "string") throw new LlmError("bad_response", "the Ollama server sent a reply without text");
    return { generations: [{ text, message: new AIMessage(text) }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const res = await postJson(this.endpoint, "api/chat", this.body(messages, true), options.signal);
    for await (const line of lines(res, this.endpoint, options.signal)) {
      if (!line.trim()) continue;
      let event: OllamaReply;
      try {
        event = JSON.parse(line) as OllamaReply;
      } catch {
        throw new LlmError("bad_response", "the Ollama server sent an unreadable stream line");
      }
      if (event.error) throw new LlmError("http", `the Ollama server reported an error: ${String(event.error).slice(0, 200)}`);
      const text = event.message?.content;
      if (typeof text === "string" && text) {
        yield new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
        await runManager?.handleLLMNewToken(text);
      }
      if (event.done) return;
    }
  }
}
