// A follow-up question → a standalone question, by the configured chat model, before retrieval:
// "and which one for wealth management?" after a question about the insurance cluster becomes
// "Which district will host the wealth management cluster?". Anything odd in the model's reply
// (empty, several lines of chat, far too long) keeps the question as the user wrote it.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { Turn } from "./memory.js";

export const REWRITE_SYSTEM_PROMPT = [
  "You rewrite the user's latest question so that it can be understood without the conversation before it.",
  'Use the conversation only to fill in what the latest question leaves out (what "it", "that", "and which one…" refer to).',
  "Do not answer the question. Do not add facts. If it already stands on its own, repeat it unchanged.",
  "Reply with the rewritten question only, on one line.",
].join("\n");

export function rewriteMessages(history: Turn[], question: string): BaseMessage[] {
  const convo = history.map((t) => `User: ${t.question}\nAssistant: ${t.answer}`).join("\n");
  return [new SystemMessage(REWRITE_SYSTEM_PROMPT), new HumanMessage(`Conversation:\n${convo}\n\nLatest question: ${question}\n\nRewritten question:`)];
}

/** The standalone question in a model's reply, or the original when the reply is not one. */
export function cleanRewrite(reply: string, original: string, maxChars: number): string {
  const line = reply
    .split("\n")
    .map((l) => l.trim())
    .find(Boolean);
  if (!line) return original;
  const q = line
    .replace(/^(?:rewritten|standalone)?\s*question\s*:\s*/i, "")
    .replace(/^["“'`]+|["”'`]+$/g, "")
    .trim();
  if (!q || q.length > Math.min(maxChars, original.length * 4 + 200)) return original;
  return q;
}

export async function rewriteFollowUp(model: BaseChatModel, history: Turn[], question: string, opts: { signal: AbortSignal; maxChars: number }): Promise<string> {
  if (history.length === 0) return question;
  const reply = await model.invoke(rewriteMessages(history, question), { signal: opts.signal });
  return cleanRewrite(reply.text, question, opts.maxChars);
}
