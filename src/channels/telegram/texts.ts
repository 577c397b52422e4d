// Everything the Telegram bot says, as HTML (parse_mode "HTML"), escaped: the core's notices
// and its answers, with 👍/👎 under each answer.
import type { BotCommand } from "telegraf/types";
import { escapeHtml, formatTelegramAnswer, splitHtml } from "../../format/telegram-html.js";
import { visibleName, visibleText } from "../../format/visible-text.js";
import type { Language } from "../../text/language.js";
import { DOCUMENT_WORDS, documentFacts } from "../core/document-words.js";
import type { Notice, Texts } from "../core/notices.js";
import { shownPassage, type NoQuote, type QuotedPassage } from "../core/quotes.js";
import type { TelegramMessage } from "./sender.js";
import { voteKeyboard } from "./votes.js";

/** The command menu registered with setMyCommands at start. */
export const COMMANDS: BotCommand[] = [
  { command: "ask", description: "Ask a question: /ask your question" },
  { command: "sources", description: "List the documents I can quote" },
  { command: "quote", description: "A source of my last answer in context: /quote 2" },
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
    // The client opens a reply to the question for a reason; the reply is then read as the reason.
    notice: (n) => splitHtml(noticeHtml(n, username())).map((html) => ({ html, ...(n.kind === "reason-prompt" ? { forceReply: REASON_REPLY } : {}) })),
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
    case "quote":
      return n.quotes.map(quoteHtml).join("\n\n");
    case "no-quote":
      return NO_QUOTE[n.why](n.n, n.count);
    case "reason-prompt":
      return REASON_PROMPT;
    case "reason-noted":
      return "Noted, thank you. It helps make the answers better.";
  }
}

export const REASON_PROMPT = "What was wrong? (optional, one line)";
const REASON_REPLY = { force_reply: true, input_field_placeholder: "What was wrong? (optional)", selective: true } as const;

/** "[1] plan.md · characters 120–245 · page 3", the passage with the quote in bold, the link. */
function quoteHtml(q: QuotedPassage): string {
  const p = shownPassage(q);
  const where = [`characters ${count(q.start)}–${count(q.end)}`, ...(q.page !== undefined ? [`page ${q.page}`] : [])].join(" · ");
  const lines = [`<b>[${q.n}]</b> <i>${escapeHtml(visibleName(q.source))}</i> · ${where}`, `${esc(p.before)}<b>${esc(p.text)}</b>${esc(p.after)}`];
  if (q.href) lines.push(`<a href="${escapeHtml(q.href)}">Open the passage</a>`);
  return lines.join("\n");
}

const esc = (t: string) => escapeHtml(visibleText(t));

const NO_QUOTE: Record<NoQuote, (n: number | undefined, count: number) => string> = {
  "no-answer": () => "There is no answer of mine here to quote yet. Ask a question first, then send /quote 1.",
  "no-citations": () => "That answer cites no sources, so there is nothing to quote.",
  "out-of-range": (n, c) => `There is no source ${n ?? ""} in that answer: it has ${c === 1 ? "only source 1" : `sources 1 to ${c}`}. Send /quote 1${c > 1 ? ` … /quote ${c}` : ""}.`,
  "not-a-number": () => "Put the number of a source after the command, for example <code>/quote 2</code>.",
  changed: () => "That passage is no longer in the documents (they changed since the answer). Ask again for a fresh answer.",
};
