// The prompt for generated answers: the retrieved passages, numbered [1]..[k], and the rules
// (only from the passages, [n] after every sentence, a fixed phrase when they do not answer).
// The reply is never trusted for following them: check-citations.ts checks it.
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { Passage } from "../types.js";

/** What the model is told to reply, word for word, when the passages do not answer. */
export const NO_ANSWER_PHRASE = "The passages do not answer this question.";

/** Most sentences asked for (the check does not enforce it; it keeps answers chat-sized). */
export const MAX_ANSWER_SENTENCES = 4;

export const ANSWER_SYSTEM_PROMPT = [
  "You answer questions about a set of documents, using only the numbered passages from them that the user gives you.",
  "Rules:",
  "1. Use only what the passages state. Add nothing from your own knowledge, and do not guess.",
  "2. End every sentence with the number of the passage it is taken from, in square brackets, for example [2]. A sentence that draws on two passages ends with both, for example [1][3]. Use only the numbers of the passages given.",
  `3. If the passages do not answer the question, reply with exactly this sentence and nothing else: ${NO_ANSWER_PHRASE}`,
  `4. Be brief: at most ${MAX_ANSWER_SENTENCES} short sentences, in the language of the question. No preamble, no headings, no list of sources.`,
].join("\n");

/** The messages for one question: the rules, then the passages and the question. */
export function answerMessages(question: string, passages: Passage[]): BaseMessage[] {
  return [new SystemMessage(ANSWER_SYSTEM_PROMPT), new HumanMessage(answerUserText(question, passages))];
}

export function answerUserText(question: string, passages: Passage[]): string {
  const blocks = passages.map((p, i) => {
    const where = p.chunk.heading ? `${p.chunk.source}, section “${p.chunk.heading}”` : p.chunk.source;
    return `[${i + 1}] (from ${where})\n${p.chunk.text.trim()}`;
  });
  return `Passages:\n\n${blocks.join("\n\n")}\n\nQuestion: ${question}`;
}

// The usual ways a model words "the passages do not answer".
const DECLINES = [
  /\b(?:passages?|documents?|context|texts?|sources?)\s+(?:do|does|did)\s*(?:not|n['’]t)\s+(?:answer|say|contain|mention|cover|address|provide|include|specify|state|give)\b/i,
  /\b(?:no|not any)\s+(?:passage|information)\s+(?:in the passages\s+)?(?:answers|says|mentions|covers|addresses)\b/i,
  /\bpassages?\s+(?:cannot|can['’]t|can not)\s+answer\b/i,
];

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * True when the model says the passages do not answer: the fixed phrase anywhere, or a reply
 * that opens by declining. A hedge later on ("…, but they do not say who leads it") is not a
 * refusal: the sentences before it are checked like any other.
 */
export function saysNoAnswer(reply: string): boolean {
  if (` ${fold(reply)} `.includes(` ${fold(NO_ANSWER_PHRASE)} `)) return true;
  const first = reply.trim().split(/(?<=[.!?。！？])\s|\n/)[0] ?? "";
  return DECLINES.some((re) => re.test(first));
}
