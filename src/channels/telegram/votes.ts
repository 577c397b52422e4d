// 👍 / 👎 under each answer. Callback data is limited to 64 bytes, so the buttons carry only the
// vote; the core remembers the question and answer per answer message (core/votes.ts).
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
