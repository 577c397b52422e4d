// LangChain messages → the {role, content} pairs both OpenAI's and Ollama's chat APIs take.
import type { BaseMessage } from "@langchain/core/messages";

export interface WireMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export function toWireMessages(messages: BaseMessage[]): WireMessage[] {
  return messages.map((m) => {
    const type = m.getType();
    const role = type === "system" ? "system" : type === "ai" ? "assistant" : "user";
    return { role, content: m.text };
  });
}
