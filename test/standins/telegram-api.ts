// A Telegram Bot API stand-in on 127.0.0.1 (node:http), strict where Telegram is strict: it
// serves the methods planbot calls, records every call, lets a test inject updates (polling or
// webhook delivery) and make the next call(s) of a method fail with a 429 or a 5xx.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BotCommand, CallbackQuery, Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User, UserFromGetMe } from "telegraf/types";

export const TELEGRAM_TEXT_LIMIT = 4096;

export interface RecordedCall {
  method: string;
  params: Record<string, any>;
  status: number;
  /** What the stand-in answered: `result` on success, the error description otherwise. */
  result?: unknown;
  error?: string;
  at: number;
}

export interface Fault {
  status: number;
  /** Seconds, for a 429. */
  retryAfter?: number;
  description?: string;
}

export interface StandinOptions {
  token: string;
  username?: string;
  /** How long getUpdates holds a request with no updates (Telegram: `timeout`, here capped). */
  holdMs?: number;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);

interface Waiter {
  res: http.ServerResponse;
  /** Its record in `calls`, updated when the poll ends in an error. */
  call: RecordedCall;
  offset: number;
  limit: number;
  timer: NodeJS.Timeout;
}

export class TelegramApiStandin {
  readonly calls: RecordedCall[] = [];
  readonly me: UserFromGetMe;
  commands: BotCommand[] = [];
  webhook?: { url: string; secret?: string };

  private readonly server: http.Server;
  private readonly token: string;
  private readonly holdMs: number;
  private readonly pending: Update[] = [];
  private poller?: Waiter;
  private nextUpdateId = 1;
  private readonly faults = new Map<string, Fault[]>();
  private readonly messages = new Map<string, Message>();
  private readonly nextMessageId = new Map<number, number>();
  private readonly chats = new Map<number, Chat>();
  private readonly queries = new Map<string, { answered: boolean }>();
  private nextQueryId = 1;
  private readonly listeners = new Set<() => void>();
  /** Uploaded files by file_id (getFile, then GET /file/bot<token>/<file_path>). */
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();
  /** The file paths downloaded so far. */
  readonly downloads: string[] = [];

  private constructor(opts: StandinOptions) {
    this.token = opts.token;
    this.holdMs = opts.holdMs ?? 1_000;
    this.me = {
      id: 7000001,
      is_bot: true,
      first_name: "Planbot",
      username: opts.username ?? "planbot_test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(opts: StandinOptions): Promise<TelegramApiStandin> {
    const s = new TelegramApiStandin(opts);
    await new Promise<void>((resolve) => s.server.listen(0, "127.0.0.1", resolve));
    return s;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (this.poller) this.finishPoll([]);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- test controls --------------------------------------------------------------------

  /** Makes the next `times` calls of `method` fail (429 with retry_after, or a 5xx). */
  failNext(method: string, fault: Fault, times = 1): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(method, list);
  }

  /** A user posts a text message; entities (commands, @mentions) are found as Telegram does. */
  async userSays(opts: { chat: Chat; from: User; text: string; replyTo?: Message; entities?: MessageEntity[] }) {
    const entities = opts.entities ?? entitiesOf(opts.text);
    return this.userPosts(opts.chat, opts.from, {
      text: opts.text,
      ...(entities.length ? { entities } : {}),
      ...(opts.replyTo ? { reply_to_message: strip(opts.replyTo) } : {}),
    });
  }

  /** A user posts anything (a sticker, a photo…): `content` is merged into the message. */
  async userPosts(chat: Chat, from: User, content: Record<string, unknown>): Promise<Message> {
    this.chats.set(chat.id, chat);
    const message = {
      message_id: this.allocMessageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      ...content,
    } as unknown as Message;
    this.messages.set(key(chat.id, message.message_id), message);
    await this.inject({ message } as Omit<Update, "update_id">);
    return message;
  }

  /** A user sends a file (a `document` message); getFile and the file URL then serve its bytes. */
  async userSendsDocument(chat: Chat, from: User, doc: { name: string; bytes: Buffer; caption?: string }): Promise<Message> {
    const id = `doc${this.files.size + 1}`;
    this.files.set(id, { path: `documents/file_${this.files.size + 1}${/\.[A-Za-z0-9]+$/.exec(doc.name)?.[0] ?? ""}`, bytes: doc.bytes });
    const document = { file_id: id, file_unique_id: `u${id}`, file_name: doc.name, file_size: doc.bytes.length };
    return this.userPosts(chat, from, { document, ...(doc.caption ? { caption: doc.caption } : {}) });
  }

  /** A user presses an inline button under one of the bot's messages. */
  async press(message: Message, data: string, from: User): Promise<CallbackQuery> {
    const current = this.messages.get(key(message.chat.id, message.message_id));
    const buttons = current && "reply_markup" in current ? (current.reply_markup?.inline_keyboard.flat() ?? []) : [];
    if (!buttons.some((b) => "callback_data" in b && b.callback_data === data)) {
      throw new Error(`no button with callback_data ${JSON.stringify(data)} under message ${message.message_id}`);
    }
    const query = {
      id: String(this.nextQueryId++),
      from,
      message: current,
      chat_instance: String(message.chat.id),
      data,
    } as CallbackQuery;
    this.queries.set(query.id, { answered: false });
    await this.inject({ callback_query: query } as Omit<Update, "update_id">);
    return query;
  }

  /** Queues an update for getUpdates, or POSTs it to the webhook when one is set; returns the HTTP status of a webhook delivery. */
  async inject(partial: Omit<Update, "update_id">): Promise<number | undefined> {
    const update = { update_id: this.nextUpdateId++, ...partial } as Update;
    if (this.webhook) return this.deliver(update, this.webhook.secret);
    this.pending.push(update);
    if (this.poller) this.servePoll(this.poller);
    return undefined;
  }

  /**
   * A user's text message as an update, recorded like userSays() but not delivered: the test
   * hands it to a replica of its choice (deliver with `url`), once or several times.
   */
  messageUpdate(opts: { chat: Chat; from: User; text: string }): Update {
    this.chats.set(opts.chat.id, opts.chat);
    const entities = entitiesOf(opts.text);
    const message = {
      message_id: this.allocMessageId(opts.chat.id),
      date: Math.floor(Date.now() / 1000),
      chat: opts.chat,
      from: opts.from,
      text: opts.text,
      ...(entities.length ? { entities } : {}),
    } as unknown as Message;
    this.messages.set(key(opts.chat.id, message.message_id), message);
    return { update_id: this.nextUpdateId++, message } as Update;
  }

  /** POSTs an update to the webhook (or to `url`, one replica behind it) as Telegram would, with a chosen secret header. */
  async deliver(update: Update, secret: string | undefined, url?: string): Promise<number> {
    if (!this.webhook) throw new Error("no webhook set");
    const res = await fetch(url ?? this.webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret !== undefined ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** Whether a getUpdates request is being held open (someone is long polling). */
  get pollOpen(): boolean {
    return this.poller !== undefined;
  }

  /** The message as the stand-in holds it now (after edits). */
  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(key(chatId, messageId));
  }

  /** Messages the bot sent to a chat, in order. */
  sentTo(chatId: number): Message.TextMessage[] {
    return this.calls.filter((c) => c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === chatId).map((c) => c.result as Message.TextMessage);
  }

  /** Waits for a call matching `pred` (already made or to come), up to `timeoutMs`. */
  async waitFor(pred: (c: RecordedCall) => boolean, what: string, timeoutMs = 8_000): Promise<RecordedCall> {
    const [call] = await this.waitForAll(pred, 1, what, timeoutMs);
    return call!;
  }

  /** Waits until `count` calls match `pred`; returns them in order. */
  async waitForAll(pred: (c: RecordedCall) => boolean, count: number, what: string, timeoutMs = 8_000) {
    const found = () => this.calls.filter(pred);
    if (found().length >= count) return found().slice(0, count);
    return new Promise<RecordedCall[]>((resolve, reject) => {
      const check = () => {
        const f = found();
        if (f.length < count) return;
        done();
        resolve(f.slice(0, count));
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.calls
          .slice(-15)
          .map((c) => `${c.method}:${c.status}`)
          .join(" ");
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last calls: ${seen}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  // ---- HTTP ---------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/file/")) return this.serveFile(url.pathname, res);
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const send = (status: number, body: unknown) => {
      if (res.destroyed || res.headersSent) return;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (!m) return send(404, { ok: false, error_code: 404, description: "Not Found" });
    if (m[1] !== this.token) return send(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = m[2]!;
    let params: Record<string, any>;
    try {
      params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    } catch (err) {
      return send(400, { ok: false, error_code: 400, description: `Bad Request: ${(err as Error).message}` });
    }
    const call: RecordedCall = { method, params, status: 200, at: Date.now() };
    try {
      const fault = this.faults.get(method)?.shift();
      if (fault) throw faultError(fault);
      if (method === "getUpdates") {
        this.record(call);
        return this.getUpdates(params, res, call);
      }
      call.result = this.dispatch(method, params);
      this.record(call);
      send(200, { ok: true, result: call.result });
    } catch (caught) {
      // Anything else (a malformed JSON field…) is the client's bad request, as with Telegram.
      const err = caught instanceof ApiError ? caught : bad((caught as Error).message);
      call.status = err.status;
      call.error = err.description;
      this.record(call);
      if (err.status >= 500) {
        // Like a proxy in front of the Bot API: a bare 5xx.
        res.writeHead(err.status, { "content-type": "text/plain" }).end("Internal Server Error");
        return;
      }
      send(err.status, {
        ok: false,
        error_code: err.status,
        description: err.description,
        ...(err.parameters ? { parameters: err.parameters } : {}),
      });
    }
  }

  /** GET /file/bot<token>/<file_path>, as api.telegram.org serves files. */
  private serveFile(pathname: string, res: http.ServerResponse): void {
    const m = /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname);
    const file = m && m[1] === this.token ? [...this.files.values()].find((f) => f.path === decodeURIComponent(m[2]!)) : undefined;
    if (!file) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
    this.downloads.push(file.path);
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length }).end(file.bytes);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const l of [...this.listeners]) l();
  }

  private dispatch(method: string, p: Record<string, any>): unknown {
    switch (method) {
      case "getMe":
        return this.me;
      case "getFile": {
        const file = this.files.get(String(p.file_id));
        if (!file) throw bad("invalid file_id");
        return { file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: file.bytes.length, file_path: file.path };
      }
      case "deleteWebhook":
        this.webhook = undefined;
        if (p.drop_pending_updates) this.pending.length = 0;
        return true;
      case "setWebhook":
        return this.setWebhook(p);
      case "getWebhookInfo":
        return { url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: this.pending.length };
      case "setMyCommands":
        this.commands = checkCommands(p.commands);
        return true;
      case "getMyCommands":
        return this.commands;
      case "sendMessage":
        return this.sendMessage(p);
      case "sendChatAction":
        requireChat(p);
        if (!CHAT_ACTIONS.has(p.action)) throw bad("wrong parameter action in request");
        return true;
      case "answerCallbackQuery": {
        const q = this.queries.get(String(p.callback_query_id));
        if (!q || q.answered) throw bad("query is too old and response timeout expired or query ID is invalid");
        if (p.text !== undefined && String(p.text).length > 200) throw bad("MESSAGE_TOO_LONG");
        q.answered = true;
        return true;
      }
      case "editMessageText":
        return this.edit(p, true);
      case "editMessageReplyMarkup":
        return this.edit(p, false);
      default:
        throw new ApiError(404, "Not Found");
    }
  }

  private setWebhook(p: Record<string, any>): true {
    let url: URL;
    try {
      url = new URL(String(p.url ?? ""));
    } catch {
      throw bad("bad webhook: Failed to resolve host: Name or service not known");
    }
    if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) {
      throw bad("secret token contains unallowed characters");
    }
    this.webhook = { url: url.toString(), secret: p.secret_token };
    return true;
  }

  private sendMessage(p: Record<string, any>): Message.TextMessage {
    const chatId = requireChat(p);
    const text = checkText(p.text, p.parse_mode);
    const markup = checkMarkup(p.reply_markup);
    const rp = p.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    let replyTo: Message | undefined;
    if (rp !== undefined) {
      if (typeof rp !== "object" || typeof rp.message_id !== "number") throw bad("invalid reply parameters");
      replyTo = this.messages.get(key(chatId, rp.message_id));
      if (!replyTo && !rp.allow_sending_without_reply) throw bad("message to be replied not found");
    }
    const message = {
      message_id: this.allocMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: this.chats.get(chatId) ?? ({ id: chatId, type: chatId > 0 ? "private" : "supergroup" } as Chat),
      from: this.me,
      text,
      ...(markup ? { reply_markup: markup } : {}),
      ...(replyTo ? { reply_to_message: strip(replyTo) } : {}),
    } as Message.TextMessage;
    this.messages.set(key(chatId, message.message_id), message);
    return message;
  }

  private edit(p: Record<string, any>, withText: boolean): Message {
    const chatId = requireChat(p);
    const old = this.messages.get(key(chatId, Number(p.message_id)));
    if (!old || old.from?.id !== this.me.id) throw bad("message to edit not found");
    const oldText = "text" in old ? old.text : "";
    const oldMarkup = "reply_markup" in old ? old.reply_markup : undefined;
    const text = withText ? checkText(p.text, p.parse_mode) : oldText;
    const markup = checkMarkup(p.reply_markup);
    if (text === oldText && JSON.stringify(markup ?? null) === JSON.stringify(oldMarkup ?? null)) {
      throw bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
    }
    const { reply_markup: _dropped, ...rest } = old as Message.TextMessage;
    const edited = { ...rest, text, edit_date: Math.floor(Date.now() / 1000), ...(markup ? { reply_markup: markup } : {}) };
    this.messages.set(key(chatId, old.message_id), edited as Message);
    return edited as Message;
  }

  // getUpdates: confirms updates below `offset`, answers at once when there are updates,
  // otherwise holds the request (like long polling) until an update arrives or time runs out.
  private getUpdates(p: Record<string, any>, res: http.ServerResponse, call: RecordedCall): void {
    if (this.webhook) {
      res.writeHead(409, { "content-type": "application/json" }).end(
        JSON.stringify({
          ok: false,
          error_code: 409,
          description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        }),
      );
      return;
    }
    const offset = Number(p.offset ?? 0);
    if (offset > 0) {
      const keep = this.pending.filter((u) => u.update_id >= offset);
      this.pending.splice(0, this.pending.length, ...keep);
    }
    // Telegram ends an older long poll when a newer one arrives: two loops at once is a bug.
    if (this.poller) {
      const old = this.poller;
      this.poller = undefined;
      clearTimeout(old.timer);
      if (!old.res.destroyed) {
        const description = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
        old.call.status = 409;
        old.call.error = description;
        old.res.writeHead(409, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 409, description }));
        for (const l of [...this.listeners]) l();
      }
    }
    const holdMs = Math.min(this.holdMs, Math.max(0, Number(p.timeout ?? 0)) * 1000);
    const waiter: Waiter = {
      res,
      call,
      offset,
      limit: Math.min(100, Math.max(1, Number(p.limit ?? 100))),
      timer: setTimeout(() => this.finishPoll([]), holdMs),
    };
    this.poller = waiter;
    // The client may give up (telegraf aborts it on stop): forget the request, keep serving.
    res.on("close", () => {
      if (this.poller === waiter) {
        clearTimeout(waiter.timer);
        this.poller = undefined;
      }
    });
    if (!this.servePoll(waiter) && holdMs === 0) this.finishPoll([]);
  }

  private servePoll(w: Waiter): boolean {
    const ready = this.pending.filter((u) => u.update_id >= w.offset).slice(0, w.limit);
    if (ready.length === 0) return false;
    this.finishPoll(ready);
    return true;
  }

  private finishPoll(updates: Update[]): void {
    const w = this.poller;
    if (!w) return;
    this.poller = undefined;
    clearTimeout(w.timer);
    if (!w.res.destroyed) {
      w.res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: updates }));
    }
  }

  private allocMessageId(chatId: number): number {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    return id;
  }
}

// ---- validation, as the Bot API does it ------------------------------------------------

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

function requireChat(p: Record<string, any>): number {
  const id = Number(p.chat_id);
  if (p.chat_id === undefined || p.chat_id === "" || !Number.isInteger(id)) throw bad("chat not found");
  return id;
}

function checkText(raw: unknown, parseMode: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") throw bad("message text is empty");
  let text = raw;
  if (parseMode === "HTML") {
    const parsed = checkTelegramHtml(raw);
    if (!parsed.ok) throw bad(`can't parse entities: ${parsed.error}`);
    text = parsed.text;
  } else if (parseMode !== undefined) {
    throw bad(`unsupported parse_mode in this stand-in: ${String(parseMode)}`);
  }
  if (text.trim() === "") throw bad("message text is empty");
  if (text.length > TELEGRAM_TEXT_LIMIT) throw bad("message is too long");
  return text;
}

function checkForceReply(m: Record<string, unknown>): void {
  if (m.force_reply !== true) throw bad("force_reply must be True");
  const p = m.input_field_placeholder;
  if (p !== undefined && (typeof p !== "string" || p.length < 1 || p.length > 64)) throw bad("input field placeholder must be 1-64 characters");
  if (m.selective !== undefined && typeof m.selective !== "boolean") throw bad("selective must be a Boolean");
}

function checkMarkup(raw: unknown): InlineKeyboardMarkup | undefined {
  if (raw === undefined) return undefined;
  const markup = (typeof raw === "string" ? JSON.parse(raw) : raw) as InlineKeyboardMarkup;
  // A force reply opens a reply in the user's client; a sent message does not carry it back.
  if ("force_reply" in markup) return void checkForceReply(markup as unknown as Record<string, unknown>);
  if (!Array.isArray(markup.inline_keyboard)) throw bad("unsupported reply_markup in this stand-in");
  for (const row of markup.inline_keyboard) {
    if (!Array.isArray(row)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    for (const b of row) {
      if (typeof b.text !== "string" || b.text === "") throw bad("text buttons are unallowed in the inline keyboard");
      if ("callback_data" in b) {
        const bytes = Buffer.byteLength(b.callback_data, "utf8");
        if (bytes < 1 || bytes > 64) throw bad("BUTTON_DATA_INVALID");
      } else if (!("url" in b)) {
        throw bad('can\'t find field "callback_data" or "url" in the inline keyboard button');
      }
    }
  }
  return markup.inline_keyboard.length > 0 ? markup : undefined;
}

function checkCommands(raw: unknown): BotCommand[] {
  const list = (typeof raw === "string" ? JSON.parse(raw) : raw) as BotCommand[];
  if (!Array.isArray(list)) throw bad("commands are not an array");
  for (const c of list) {
    if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad("BOT_COMMAND_INVALID");
    if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
      throw bad("BOT_COMMAND_DESCRIPTION_INVALID");
    }
  }
  return list;
}

function faultError(f: Fault): ApiError {
  if (f.status === 429) {
    const after = f.retryAfter ?? 1;
    return new ApiError(429, `Too Many Requests: retry after ${after}`, { retry_after: after });
  }
  return new ApiError(f.status, f.description ?? (f.status >= 500 ? "Internal Server Error" : "Bad Request: injected fault"));
}

// Telegram's HTML subset (https://core.telegram.org/bots/api#html-style).
const TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote"]);
const TAG_RE = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/y;
const ENTITY_RE = /&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);/y;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Parses Telegram HTML: the text a user would see, or why Telegram would refuse it. */
export function checkTelegramHtml(html: string): { ok: true; text: string } | { ok: false; error: string } {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  const fail = (error: string) => ({ ok: false as const, error });
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      TAG_RE.lastIndex = i;
      const m = TAG_RE.exec(html);
      if (!m) return fail(`Unexpected character '<' at byte offset ${i}`);
      const [whole, slash, rawName, attrs = ""] = m;
      const name = rawName!.toLowerCase();
      if (!TAGS.has(name)) return fail(`Unsupported ${slash ? "end" : "start"} tag "${name}" at byte offset ${i}`);
      if (slash) {
        const top = stack.pop();
        if (top !== name) return fail(`Unmatched end tag at byte offset ${i}, expected "</${top ?? ""}>", found "</${name}>"`);
      } else {
        const inside = stack[stack.length - 1];
        if ((inside === "code" || inside === "pre") && !(inside === "pre" && name === "code")) {
          return fail(`Can't use tag "${name}" inside "${inside}"`);
        }
        if (name === "a" && !/\bhref\s*=/.test(attrs)) return fail('Tag "a" must have attribute "href"');
        if (name === "span" && !/class\s*=\s*["']?tg-spoiler/.test(attrs)) return fail('Tag "span" must have class "tg-spoiler"');
        if (name === "tg-emoji" && !/emoji-id\s*=/.test(attrs)) return fail('Tag "tg-emoji" must have attribute "emoji-id"');
        stack.push(name);
      }
      i += whole.length;
      continue;
    }
    if (c === "&") {
      ENTITY_RE.lastIndex = i;
      const m = ENTITY_RE.exec(html);
      if (!m) return fail(`Character '&' at byte offset ${i} is not a part of an entity; use &amp;`);
      const body = m[1]!;
      if (body.startsWith("#")) {
        const cp = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return fail(`Invalid entity "${m[0]}"`);
        text += String.fromCodePoint(cp);
      } else {
        const named = NAMED[body];
        if (named === undefined) return fail(`Unsupported HTML entity "${m[0]}" at byte offset ${i}`);
        text += named;
      }
      i += m[0].length;
      continue;
    }
    if (c === ">") return fail(`Character '>' at byte offset ${i} must be escaped as &gt;`);
    text += c;
    i++;
  }
  if (stack.length > 0) return fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return { ok: true, text };
}

/** Entities Telegram adds to a user's text: a /command at the start, @mentions. */
export function entitiesOf(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  const cmd = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
  if (cmd) out.push({ type: "bot_command", offset: 0, length: cmd[0].length });
  for (const m of text.matchAll(/(?<![\w@/])@[A-Za-z0-9_]{5,32}/g)) {
    out.push({ type: "mention", offset: m.index, length: m[0].length });
  }
  return out;
}

async function readParams(req: http.IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  if (!body) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) return JSON.parse(body) as Record<string, any>;
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(body));
  throw new Error(`unsupported content-type in this stand-in: ${type}`);
}

/** A message as it appears inside reply_to_message (which never nests further). */
function strip(message: Message): Message {
  const { reply_to_message: _nested, ...rest } = message as Message & { reply_to_message?: unknown };
  return rest as Message;
}

function key(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}
