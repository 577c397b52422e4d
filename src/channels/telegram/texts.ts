// Everything the Telegram bot says besides answers, as HTML (parse_mode "HTML"), escaped.
import type { BotCommand } from "telegraf/types";
import { escapeHtml } from "../../format/telegram-html.js";
import { visibleName } from "../../format/visible-text.js";

/** The command menu registered with setMyCommands at start. */
export const COMMANDS: BotCommand[] = [
  { command: "ask", description: "Ask a question: /ask your question" },
  { command: "sources", description: "List the documents I can quote" },
  { command: "help", description: "What I know and how to ask" },
  { command: "start", description: "Introduction" },
];

// One line per item: names and example questions come from the documents.
const bullets = (items: string[]) => items.map((i) => `• ${escapeHtml(visibleName(i))}`).join("\n");

export function welcome(username: string, sources: string[], examples: string[]): string {
  const docs =
    sources.length === 0
      ? "I have no documents yet."
      : sources.length <= 10
        ? bullets(sources)
        : bullets(sources.slice(0, 10)) + `\n…and ${sources.length - 10} more (/sources)`;
  const parts = [
    "👋 <b>I answer questions about these documents</b> and quote the passages I used:",
    docs,
    [
      "<b>How to ask</b>",
      "• in a private chat with me: just send your question",
      `• in a group: mention me (@${escapeHtml(username)} your question), reply to one of my messages, or send /ask your question`,
    ].join("\n"),
  ];
  if (examples.length > 0) parts.push(`<b>For example</b>\n${bullets(examples.slice(0, 5))}`);
  parts.push("/sources lists the documents · /help shows this again · 👍/👎 under an answer tell me how I did");
  return parts.join("\n\n");
}

/** How many names /sources shows: one page, not 20,000 lines (the reply is split to fit anyway). */
export const SOURCES_PAGE = 50;

export function sourcesList(sources: string[]): string {
  if (sources.length === 0) return "My index holds no documents yet.";
  const heading = `<b>Documents I can quote (${count(sources.length)})</b>`;
  const rest = sources.length - SOURCES_PAGE;
  return `${heading}\n${bullets(sources.slice(0, SOURCES_PAGE))}` + (rest > 0 ? `\n… and ${count(rest)} more` : "");
}

const count = (n: number) => n.toLocaleString("en-US");

export function askUsage(example: string | undefined): string {
  const q = escapeHtml(example ?? "What is the plan's main goal?");
  return `Put your question after the command, for example:\n<code>/ask ${q}</code>`;
}

export function mentionUsage(username: string, example: string | undefined): string {
  const q = escapeHtml(example ?? "What is the plan's main goal?");
  return `Yes? Write your question after the mention, for example:\n<code>@${escapeHtml(username)} ${q}</code>`;
}

export const NOT_TEXT = "I can only read text 🙂 Please send your question as a message.";
export const UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do.";
export const APOLOGY = "😕 Sorry, something went wrong while preparing the answer. Please try again in a moment.";
export const VOTE_THANKS = "Thanks for the feedback!";
export const VOTE_ALREADY = "Your vote was already recorded, thanks!";
export const VOTE_GONE = "Sorry, this answer can no longer be rated.";

/** The chat id helps whoever runs the bot add the chat to TELEGRAM_ALLOWED_CHATS. */
export function notAllowed(chatId: number): string {
  return `Sorry, I'm not available in this chat (chat id <code>${chatId}</code>).`;
}

export function rateLimited(retryAfterS: number): string {
  const wait = retryAfterS <= 60 ? `${retryAfterS} second${retryAfterS === 1 ? "" : "s"}` : "a minute";
  return `You're asking faster than I can read 🙂 Please wait about ${wait}, then ask again.`;
}
