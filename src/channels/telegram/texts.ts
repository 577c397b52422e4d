// Everything the Telegram bot says, as HTML (parse_mode "HTML"), escaped: the core's notices
// and its answers, with 👍/👎 under each answer.
import type { BotCommand } from "telegraf/types";
import { escapeHtml, formatTelegramAnswer, splitHtml } from "../../format/telegram-html.js";
import { visibleName } from "../../format/visible-text.js";
import type { Language } from "../../text/language.js";
import { DOCUMENT_WORDS, documentFacts } from "../core/document-words.js";
import type { Notice, Texts } from "../core/notices.js";
import type { TelegramMessage } from "./sender.js";
import { voteKeyboard } from "./votes.js";

/** The command menu registered with setMyCommands at start. */
export const COMMANDS: BotCommand[] = [
  { command: "ask", description: "Ask a question: /ask your question" },
  { command: "sources", description: "List the documents I can quote" },
  { command: "help", description: "What I know and how to ask" },
  { command: "start", description: "Introduction" },
];

// One line per item: names and example questions come from the documents.
const bullets = (items: string[]) => items.map((i) => `• ${escapeHtml(visibleName(i))}`).join("\n");

const WELCOME: Record<Language, { none: string; more: (n: number) => string; lead: string; how: (username: string) => string[]; example: string; footer: string }> = {
  en: {
    none: "I have no documents yet.",
    more: (n) => `…and ${n} more (/sources)`,
    lead: "👋 <b>I answer questions about these documents</b> and quote the passages I used:",
    how: (u) => [
      "<b>How to ask</b>",
      "• in a private chat with me: just send your question",
      `• in a group: mention me (@${u} your question), reply to one of my messages, or send /ask your question`,
    ],
    example: "For example",
    footer: "/sources lists the documents · /help shows this again · 👍/👎 under an answer tell me how I did",
  },
  zh: {
    none: "我还没有文档。",
    more: (n) => `…还有 ${n} 个（/sources）`,
    lead: "👋 <b>我回答关于这些文档的问题</b>，并引用我所依据的原文段落：",
    how: (u) => ["<b>如何提问</b>", "• 与我私聊：直接发送问题（中文或英文都可以）", `• 在群组中：提到我（@${u} 你的问题）、回复我的消息，或发送 /ask 你的问题`],
    example: "例如",
    footer: "/sources 列出文档 · /help 再次显示本说明 · 回答下的 👍/👎 告诉我答得好不好",
  },
};

/** The /start and /help text, in the language of the user's Telegram client. */
export function welcome(username: string, sources: string[], examples: string[], lang: Language = "en"): string {
  const w = WELCOME[lang];
  const docs = sources.length === 0 ? w.none : sources.length <= 10 ? bullets(sources) : bullets(sources.slice(0, 10)) + `\n${w.more(sources.length - 10)}`;
  const parts = [w.lead, docs, w.how(escapeHtml(username)).join("\n")];
  if (examples.length > 0) parts.push(`<b>${w.example}</b>\n${bullets(examples.slice(0, 5))}`);
  parts.push(w.footer);
  return parts.join("\n\n");
}

/** How many names /sources shows: one page, not 20,000 lines (the reply is split to fit anyway). */
export const SOURCES_PAGE = 50;

const count = (n: number) => n.toLocaleString("en-US");
const DEFAULT_EXAMPLE = "What is the plan's main goal?";

export const APOLOGY = "😕 Sorry, something went wrong while preparing the answer. Please try again in a moment.";
export const VOTE_THANKS = "Thanks for the feedback!";
export const VOTE_ALREADY = "Your vote was already recorded, thanks!";
export const VOTE_GONE = "Sorry, this answer can no longer be rated.";

/** The chat id helps whoever runs the bot add the chat to TELEGRAM_ALLOWED_CHATS. */
export function notAllowed(chatId: number | string): string {
  return `Sorry, I'm not available in this chat (chat id <code>${chatId}</code>).`;
}

/** The bot's words in Telegram; `username` is the bot's, known once it started. */
export function telegramTexts(username: () => string): Texts<TelegramMessage> {
  return {
    notice: (n) => splitHtml(noticeHtml(n, username())).map((html) => ({ html })),
    answer(answer) {
      const parts = formatTelegramAnswer(answer);
      // Small talk is the bot's own words: nothing to vote on.
      const keyboard = answer.kind === "chat" ? undefined : voteKeyboard();
      return parts.map((html, i) => ({ html, keyboard: i === parts.length - 1 ? keyboard : undefined }));
    },
  };
}

function noticeHtml(n: Notice, username: string): string {
  switch (n.kind) {
    case "not-allowed":
      return notAllowed(n.place);
    case "not-text":
      return "I can only read text 🙂 Please send your question as a message.";
    case "usage": {
      const q = escapeHtml(n.example ?? DEFAULT_EXAMPLE);
      if (n.via === "command") return `Put your question after the command, for example:\n<code>/ask ${q}</code>`;
      return `Yes? Write your question after the mention, for example:\n<code>@${escapeHtml(username)} ${q}</code>`;
    }
    case "help":
      return welcome(username, n.sources, n.examples, n.language);
    case "sources": {
      if (n.sources.length === 0) return "My index holds no documents yet.";
      const rest = n.sources.length - SOURCES_PAGE;
      const more = rest > 0 ? `\n… and ${count(rest)} more` : "";
      return `<b>Documents I can quote (${count(n.sources.length)})</b>\n${bullets(n.sources.slice(0, SOURCES_PAGE))}${more}`;
    }
    case "unknown-command":
      return "I don't know that command. Send /help to see what I can do.";
    case "rate-limited": {
      const s = n.retryAfterS;
      const wait = s <= 60 ? `${s} second${s === 1 ? "" : "s"}` : "a minute";
      return `You're asking faster than I can read 🙂 Please wait about ${wait}, then ask again.`;
    }
    case "bad-question":
      return escapeHtml(n.message);
    case "apology":
      return APOLOGY;
    // ---- document management ----
    case "documents": {
      const w = DOCUMENT_WORDS[n.language];
      if (n.documents.length === 0) return w.none;
      const rest = n.documents.length - SOURCES_PAGE;
      const lines = n.documents.slice(0, SOURCES_PAGE).map((d) => `• <code>${escapeHtml(visibleName(d.name))}</code> — ${escapeHtml(documentFacts(d, n.language))}`);
      return `<b>${w.title(n.documents.length)}</b>\n${lines.join("\n")}${rest > 0 ? `\n${w.more(rest)}` : ""}`;
    }
    case "document-result": {
      const w = DOCUMENT_WORDS[n.language];
      return (n.ok ? w.done : w.refused) + escapeHtml(n.message);
    }
    case "document-usage": {
      const w = DOCUMENT_WORDS[n.language];
      return `${w.removeUsage}\n<code>/remove plan-annex.pdf</code>\n${w.listHint}`;
    }
    case "document-working":
      return DOCUMENT_WORDS[n.language].working;
  }
}
