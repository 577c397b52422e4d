// Every Bot API call the bot makes goes through here: retried on 429 / 5xx / network errors,
// and HTML that Telegram refuses to parse is sent again as plain text rather than lost.
import type { Telegram } from "telegraf";
import type { ForceReply, InlineKeyboardMarkup, Message, ReplyParameters } from "telegraf/types";
import { htmlToPlain } from "../../format/telegram-html.js";
import type { Logger } from "../../log.js";
import { apiErrorIs, withRetry, type RetryOptions } from "./retry.js";

/** One message: its HTML and the buttons under it. */
export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboardMarkup;
  /** Instead of buttons: the user's client opens a reply to this message (a question asked back). */
  forceReply?: ForceReply;
}

/** Where a message goes: the chat, the message it answers, the forum topic if any. */
export interface Target {
  chatId: number;
  replyTo?: number;
  threadId?: number;
}

export class TelegramSender {
  private readonly retry: RetryOptions;

  constructor(
    readonly api: Telegram,
    private readonly log: Logger,
  ) {
    this.retry = {
      onRetry: (err, waitMs, attempt) => log.warn("telegram call failed; retrying", { error: err, waitMs, attempt }),
    };
  }

  /** Runs one Bot API call with retries. */
  call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, this.retry);
  }

  /** Sends one HTML message (as a reply when `to.replyTo` is set). */
  async html(to: Target, html: string, keyboard?: InlineKeyboardMarkup | ForceReply): Promise<Message.TextMessage> {
    const reply_parameters: ReplyParameters | undefined = to.replyTo === undefined ? undefined : { message_id: to.replyTo, allow_sending_without_reply: true };
    const extra = {
      reply_parameters,
      message_thread_id: to.threadId,
      link_preview_options: { is_disabled: true },
      reply_markup: keyboard,
    };
    try {
      return await this.call(() => this.api.sendMessage(to.chatId, html, { ...extra, parse_mode: "HTML" }));
    } catch (err) {
      if (!apiErrorIs(err, 400, "can't parse entities")) throw err;
      this.log.warn("telegram refused our HTML; sending plain text", { error: err });
      return await this.call(() => this.api.sendMessage(to.chatId, htmlToPlain(html), extra));
    }
  }

  /** Sends one message (HTML and buttons). */
  message(to: Target, msg: TelegramMessage): Promise<Message.TextMessage> {
    return this.html(to, msg.html, msg.forceReply ?? msg.keyboard);
  }

  /** "typing…" in the chat, not retried: it is only a courtesy. */
  typing(to: Target): Promise<unknown> {
    return this.api.sendChatAction(to.chatId, "typing", { message_thread_id: to.threadId });
  }
}
