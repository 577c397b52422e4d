// A Telegram answer shown while the language model writes it: the first text is sent as the
// reply, later text edits it (editMessageText, throttled inside Telegram's limits: about one
// message a second in a chat, twenty a minute in a group), and the final answer with its
// sources and buttons replaces it at the end. Showing the text so far is best effort: those
// calls are not retried, and a failure stops the stream, never the answer.
import type { InlineKeyboardMarkup } from "telegraf/types";
import { escapeHtml, htmlToPlain } from "../../format/telegram-html.js";
import { visibleText } from "../../format/visible-text.js";
import type { Logger } from "../../log.js";
import { StreamThrottle } from "../stream-throttle.js";
import { apiErrorIs } from "./retry.js";
import type { Target, TelegramSender } from "./sender.js";

/** Least time between two edits: private chats (positive ids) and groups (negative ids). */
export const TELEGRAM_STREAM_INTERVAL_MS = { private: 1000, group: 3000 } as const;

/** Longest text shown while streaming: one message, well under Telegram's 4096 characters. */
const STREAM_MAX_CHARS = 3500;

export function streamIntervalFor(chatId: number): number {
  return chatId < 0 ? TELEGRAM_STREAM_INTERVAL_MS.group : TELEGRAM_STREAM_INTERVAL_MS.private;
}

export function streamingHtml(text: string): string {
  return `${escapeHtml(visibleText(text))} …`;
}

export class TelegramStreamingReply {
  private messageId?: number;
  private readonly throttle: StreamThrottle;

  constructor(
    private readonly send: TelegramSender,
    private readonly to: Target,
    private readonly log: Logger,
    intervalMs = streamIntervalFor(to.chatId),
  ) {
    this.throttle = new StreamThrottle({
      intervalMs,
      send: async (text) => {
        const html = streamingHtml(text);
        if (this.messageId === undefined) {
          const reply_parameters = to.replyTo === undefined ? undefined : { message_id: to.replyTo, allow_sending_without_reply: true };
          const sent = await send.api.sendMessage(to.chatId, html, {
            parse_mode: "HTML",
            reply_parameters,
            message_thread_id: to.threadId,
            link_preview_options: { is_disabled: true },
          });
          this.messageId = sent.message_id;
        } else {
          await send.api.editMessageText(to.chatId, this.messageId, undefined, html, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
          });
        }
      },
      onError: (err) => log.warn("telegram could not show the answer so far; the full answer follows", { error: err }),
    });
  }

  /** For the QaService's onPartial. Text too long for one message waits for the final answer. */
  readonly push = (text: string): void => {
    if (text.length <= STREAM_MAX_CHARS) this.throttle.push(text);
  };

  /**
   * Sends the final message parts: the streamed message becomes the first part (edited), the
   * rest are sent as replies, the keyboard under the last. Resolves to the last message.
   */
  async finish(parts: string[], keyboard?: InlineKeyboardMarkup): Promise<{ message_id: number }> {
    await this.throttle.finish();
    const id = this.messageId;
    // The streamed message is replaced once; anything after (an apology) is a new message.
    this.messageId = undefined;
    if (id === undefined) return this.send.parts(this.to, parts, keyboard);
    const [first, ...rest] = parts;
    if (first === undefined) return { message_id: id };
    let last: { message_id: number } = { message_id: id };
    try {
      await this.edit(id, first, rest.length ? undefined : keyboard);
    } catch (err) {
      this.log.warn("telegram could not replace the streamed message; sending the answer anew", { error: err });
      last = await this.send.html(this.to, first, rest.length ? undefined : keyboard);
    }
    for (const [i, part] of rest.entries()) last = await this.send.html(this.to, part, i === rest.length - 1 ? keyboard : undefined);
    return last;
  }

  private async edit(id: number, html: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const extra = { link_preview_options: { is_disabled: true }, reply_markup: keyboard };
    try {
      await this.send.call(() => this.send.api.editMessageText(this.to.chatId, id, undefined, html, { ...extra, parse_mode: "HTML" }));
    } catch (err) {
      if (apiErrorIs(err, 400, "message is not modified")) return;
      if (!apiErrorIs(err, 400, "can't parse entities")) throw err;
      this.log.warn("telegram refused our HTML; sending plain text", { error: err });
      await this.send.call(() => this.send.api.editMessageText(this.to.chatId, id, undefined, htmlToPlain(html), extra));
    }
  }
}
