// 👍 / 👎 under each answer. Callback data is limited to 64 bytes, so the buttons carry only the
// vote; the question and answer are remembered per answer message (bounded, in memory). After a
// restart the message itself still tells us the answer and, through reply_to_message, the question.
import type { InlineKeyboardMarkup } from "telegraf/types";
import type { Vote } from "../../feedback.js";

const PREFIX = "vote:";

export function voteKeyboard(): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: "👍", callback_data: PREFIX + "up" },
        { text: "👎", callback_data: PREFIX + "down" },
      ],
    ],
  };
}

/** The vote a button press carries, or undefined for data that is not ours. */
export function parseVote(data: string | undefined): Vote | undefined {
  if (data === PREFIX + "up") return "up";
  if (data === PREFIX + "down") return "down";
  return undefined;
}

export interface Voted {
  question: string;
  answer: string;
}

export type Claim = { state: "new"; entry: Voted } | { state: "already" } | { state: "unknown" };

export class AnswerMemory {
  private readonly entries = new Map<string, Voted & { voted: boolean }>();

  constructor(private readonly capacity = 2_000) {}

  remember(chatId: number, messageId: number, entry: Voted): void {
    const key = `${chatId}:${messageId}`;
    this.entries.delete(key);
    this.entries.set(key, { ...entry, voted: false });
    // Map keeps insertion order: the first key is the oldest.
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * Claims the one vote an answer gets, so a second press (or two racing) is recorded once.
   * `fallback` stands in for an answer not remembered (sent before a restart).
   */
  claim(chatId: number, messageId: number, fallback?: Voted): Claim {
    const key = `${chatId}:${messageId}`;
    const e = this.entries.get(key);
    if (!e) {
      if (!fallback) return { state: "unknown" };
      this.remember(chatId, messageId, fallback);
      return this.claim(chatId, messageId);
    }
    if (e.voted) return { state: "already" };
    e.voted = true;
    return { state: "new", entry: { question: e.question, answer: e.answer } };
  }
}
