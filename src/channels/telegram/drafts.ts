// A Telegram answer shown while the language model writes it (the core's StreamingReply does the
// pacing): the first text is sent as the reply, later text edits it (editMessageText, inside
// Telegram's limits: about one message a second in a chat, twenty a minute in a group), and the
// final answer with its sources and buttons replaces it. Drafts are not retried; the final edit is.
import { escapeHtml, htmlToPlain } from "../../format/telegram-html.js";
import { visibleText } from "../../format/visible-text.js";
import type { Logger } from "../../log.js";
import type { Drafts } from "../core/streaming.js";
import { apiErrorIs } from "./retry.js";
import type { Target, TelegramMessage, TelegramSender } from "./sender.js";

/** Least time between two edits: private chats (positive ids) and groups (negative ids). */
export const TELEGRAM_STREAM_INTERVAL_MS = { private: 1000, group: 3000 } as const;

/** Longest text shown while streaming: one message, well under Telegram's 4096 characters. */
const STREAM_MAX_CHARS = 3500;

export type Sent = { message_id: number };

export function streamIntervalFor(chatId: number): number {
  return chatId < 0 ? TELEGRAM_STREAM_INTERVAL_MS.group : TELEGRAM_STREAM_INTERVAL_MS.private;
}

export function streamingHtml(text: string): string {
  return `${escapeHtml(visibleText(text))} …`;
}

export function telegramDrafts(send: TelegramSender, to: Target, log: Logger, intervalMs = streamIntervalFor(to.chatId)): Drafts<TelegramMessage, Sent> {
  const noPreview = { link_preview_options: { is_disabled: true } };
  return {
    intervalMs,
    maxChars: STREAM_MAX_CHARS,
    async show(text, draft) {
      const html = streamingHtml(text);
      if (draft) {
        await send.api.editMessageText(to.chatId, draft.message_id, undefined, html, { parse_mode: "HTML", ...noPreview });
        return draft;
      }
      const reply_parameters = to.replyTo === undefined ? undefined : { message_id: to.replyTo, allow_sending_without_reply: true };
      return send.api.sendMessage(to.chatId, html, { parse_mode: "HTML", reply_parameters, message_thread_id: to.threadId, ...noPreview });
    },
    async replace(draft, msg) {
      const id = draft.message_id;
      const extra = { ...noPreview, reply_markup: msg.keyboard };
      try {
        await send.call(() => send.api.editMessageText(to.chatId, id, undefined, msg.html, { ...extra, parse_mode: "HTML" }));
      } catch (err) {
        if (apiErrorIs(err, 400, "message is not modified")) return draft;
        if (!apiErrorIs(err, 400, "can't parse entities")) throw err;
        log.warn("telegram refused our HTML; sending plain text", { error: err });
        await send.call(() => send.api.editMessageText(to.chatId, id, undefined, htmlToPlain(msg.html), extra));
      }
      return draft;
    },
  };
}
