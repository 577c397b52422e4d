// The Telegram adapter: telegraf updates → the conversation core's requests; its replies → Bot
// API calls (HTML, 👍/👎 buttons, "typing…", answers streamed by editing). Long polling by
// default, webhook mode when TELEGRAM_WEBHOOK_URL is set; either way an update is answered once.
import { Telegraf } from "telegraf";
import type { CallbackQuery, Chat, Document, Message } from "telegraf/types";
import { hashId } from "../../feedback.js";
import { htmlToPlain } from "../../format/telegram-html.js";
import { MemoryState } from "../../state/memory-state.js";
import type { Channel, ChannelDeps } from "../channel.js";
import { Conversation, type Asker, type Reply, type Request } from "../core/conversation.js";
import { Deliveries } from "../core/deliveries.js";
import type { Voted, VoteOutcome } from "../core/votes.js";
import { languageOfLocale } from "../core/locale.js";
import { askerKey, isPrivate, readIntent, type Intent } from "./addressing.js";
import { chatNames } from "./allowlist.js";
import { botKey } from "./bot-key.js";
import { limitCallTime } from "./call-timeout.js";
import { telegramDrafts, type Sent } from "./drafts.js";
import { PollingSupervisor } from "./polling.js";
import { holdPollingLock, POLLING_LOCK_TTL_MS, type PollingLock } from "./polling-lock.js";
import { apiErrorIs } from "./retry.js";
import { TelegramSender, type Target, type TelegramMessage } from "./sender.js";
import * as say from "./texts.js";
import { keepTyping, TYPING_INTERVAL_MS } from "./typing.js";
import { UnansweredUpdates } from "./unanswered.js";
import { telegramUpload } from "./upload.js";
import { parseVote } from "./votes.js";
import { mountWebhook, webhookSettings } from "./webhook.js";

export interface TelegramChannelOptions {
  /** How often "typing" is re-sent while an answer is prepared. */
  typingIntervalMs?: number;
  /** Longest wait in stop() for answers in flight. */
  drainTimeoutMs?: number;
  /** First pause before polling is launched again after it failed. */
  restartDelayMs?: number;
  /** Deadline for one Bot API call (default 30 s; long polls get their poll time on top). */
  apiTimeoutMs?: number;
  /** Least time between two edits of an answer streaming in (default: 1 s in private chats, 3 s in groups). */
  streamIntervalMs?: number;
  /** Time to live of the polling lock (default 30 s; renewed every third of it). */
  pollingLockTtlMs?: number;
}

const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** Long enough for Telegram's retries of a slow delivery; short enough to keep the set small. */
const UPDATE_TTL_MS = 60 * 60_000;

/** Inside main.ts's 28 s shutdown deadline, so the warning below gets logged. */
const DRAIN_TIMEOUT_MS = 20_000;

export function createTelegramChannel(deps: ChannelDeps, options: TelegramChannelOptions = {}): Channel {
  const settings = deps.config.telegram;
  if (!settings) throw new Error("Telegram is not configured: set TELEGRAM_BOT_TOKEN");
  const log = deps.log.child({ channel: "telegram" });

  // webhookReply off: every call is a real request (and can be retried), none rides on the
  // webhook's HTTP response.
  const bot = new Telegraf(settings.token, { telegram: { apiRoot: settings.apiRoot, webhookReply: false } });
  limitCallTime(bot.telegram, options.apiTimeoutMs);
  const send = new TelegramSender(bot.telegram, log);
  const uploadOf = (doc: Document) => telegramUpload(send, settings.apiRoot, settings.token, doc);
  // Shared by the replicas when REDIS_URL is set, so that they count and de-duplicate as one.
  const state = deps.state ?? new MemoryState();
  const conversation = new Conversation<TelegramMessage>({
    name: "telegram",
    qa: deps.qa,
    log,
    feedback: deps.feedback,
    texts: say.telegramTexts(() => bot.botInfo?.username ?? ""),
    perMinute: deps.config.rateLimitPerMinute,
    state,
    allowlist: settings.allowedChats,
    documents: deps.documents,
  });
  const tokenKey = botKey(settings.token);
  const typingMs = options.typingIntervalMs ?? TYPING_INTERVAL_MS;

  let closed = false;
  const hook = settings.webhookUrl ? webhookSettings(settings.webhookUrl, settings.webhookSecret) : undefined;
  if (hook) mountWebhook(deps.http, bot, hook, () => closed);
  const polling = hook ? undefined : new PollingSupervisor(bot, log, { allowedUpdates: [...ALLOWED_UPDATES], restartDelayMs: options.restartDelayMs });

  // Webhook mode: Telegram re-sends an update it got no timely 2xx for, maybe to another
  // replica; the first to claim its update_id answers it. Polling mode: an update is confirmed to
  // Telegram only once answered (unanswered.ts), so after a kill the next start is sent again
  // what was answered but not confirmed: each answered update is remembered (in Redis it
  // outlives the process) and not answered again. Remembering on arrival instead would drop,
  // after a kill, an update that was taken but never answered.
  const taken = new Deliveries(state, `telegram:update:${tokenKey}`, UPDATE_TTL_MS);
  const answered = new Deliveries(state, `telegram:answered:${tokenKey}`, UPDATE_TTL_MS);
  const unanswered = new UnansweredUpdates(polling ? (id) => answered.first(id).then(() => undefined) : undefined);
  if (polling) unanswered.interceptPolling(bot.telegram);

  bot.use(unanswered.middleware());
  bot.use(async (ctx, next) => {
    const id = ctx.update.update_id;
    if (polling ? await answered.seen(id) : !(await taken.first(id))) {
      log.info(polling ? "telegram: dropped an update already answered" : "telegram: dropped an update already taken", { updateId: id });
      return;
    }
    await next();
  });
  // Handlers only enqueue work (see the core's KeyedQueue), so they return at once; the work is tracked.
  bot.on("message", (ctx) => void unanswered.track(ctx, onMessage(ctx.message, ctx.chat)));
  bot.on("callback_query", (ctx) => void unanswered.track(ctx, onPress(ctx.callbackQuery)));
  // Without this telegraf prints the update to the console and rethrows, ending polling.
  bot.catch((err) => log.error("telegram update failed", { error: err }));

  /** Hands the message to the core; the promise settles once it was answered (undefined: not for us). */
  function onMessage(message: Message, chat: Chat): Promise<void> | undefined {
    const reason = reasonOf(message, chat);
    if (reason) return reason;
    // A file sent in a private chat: an admin adding a document (the core refuses anyone else).
    if ("document" in message && isPrivate(chat.type)) {
      const { asker, reply } = replyingTo(message, chat);
      return conversation.receiveFile(uploadOf(message.document), asker, reply);
    }
    const intent = readIntent(message, bot.botInfo!, chat.type);
    if (intent.kind === "ignore") return;
    const { asker, reply } = replyingTo(message, chat);
    return conversation.receive(requestOf(intent, chat), asker, reply);
  }

  /** Who asks, and where the replies to `message` go. */
  function replyingTo(message: Message, chat: Chat): { asker: Asker; reply: Reply<TelegramMessage, Sent> } {
    const to: Target = { chatId: chat.id, replyTo: message.message_id, threadId: threadOf(message) };
    const asker: Asker = {
      conversation: String(chat.id),
      user: askerKey(message.from?.id, chat.id),
      place: chatNames(chat),
      memory: `telegram:${chat.id}`,
      logId: hashId(String(chat.id)),
      language: async () => languageOfLocale(message.from?.language_code),
      chatUser: { platform: "telegram", id: message.from ? String(message.from.id) : "" },
      repliedTo: repliedTo(message),
    };
    const reply: Reply<TelegramMessage, Sent> = {
      send: (msg) => send.message(to, msg),
      working: () => keepTyping(() => send.typing(to), typingMs),
      drafts: telegramDrafts(send, to, log, options.streamIntervalMs),
      messageId: (sent) => sent.message_id,
    };
    return { asker, reply };
  }

  function onPress(query: CallbackQuery): Promise<void> | undefined {
    const vote = "data" in query ? parseVote(query.data) : undefined;
    const msg = query.message;
    if (!vote || !msg) {
      return send
        .call(() => send.api.answerCbQuery(query.id))
        .then(
          () => undefined,
          (err: unknown) => log.warn("telegram ack failed", { error: err }),
        );
    }
    return conversation.later(String(msg.chat.id), async () => {
      const ack = (text: string) => send.call(() => send.api.answerCbQuery(query.id, text));
      if (!conversation.allows(chatNames(msg.chat))) return void (await ack(htmlToPlain(say.notAllowed(msg.chat.id))));
      // After a 👎 the core asks for a reason in a force reply to the answer.
      const prompt: Reply<TelegramMessage, Sent> = { send: (m) => send.message({ chatId: msg.chat.id, replyTo: msg.message_id }, m), messageId: (sent) => sent.message_id };
      const ballot = { conversation: String(msg.chat.id), messageId: msg.message_id, vote, who: String(msg.chat.id), shown: votedFromMessage(msg) };
      const outcome = await conversation.vote(ballot, prompt);
      await ack(VOTE_REPLY[outcome]);
      if (outcome === "failed") return;
      try {
        await send.call(() => send.api.editMessageReplyMarkup(msg.chat.id, msg.message_id, undefined, undefined));
      } catch (err) {
        // A second press finds the buttons already gone.
        if (!apiErrorIs(err, 400, "message is not modified")) throw err;
      }
    });
  }

  /** A text replying to the bot's request for a reason after a 👎: stored as the reason, not asked. */
  function reasonOf(message: Message, chat: Chat): Promise<void> | undefined {
    const prompt = repliedTo(message);
    if (prompt === undefined || !("text" in message) || message.text.startsWith("/")) return undefined;
    const answerId = conversation.reasonRequested(String(chat.id), prompt);
    if (answerId === undefined) return undefined;
    const reply: Reply<TelegramMessage, Sent> = { send: (m) => send.message({ chatId: chat.id, replyTo: message.message_id, threadId: threadOf(message) }, m) };
    return conversation.later(String(chat.id), () => conversation.giveReason({ conversation: String(chat.id), answerId, who: String(chat.id), text: message.text }, reply));
  }

  let pollingLock: PollingLock | undefined;
  let stopped: Promise<void> | undefined;
  return {
    name: "telegram",

    async start() {
      // main.ts shows these errors: they must not carry the token (request URLs do).
      const failed = (step: string, hint: string) => (err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        throw new Error(`Telegram: ${step} failed (${log.redact(why)}); ${hint}`);
      };
      const me = await send.call(() => bot.telegram.getMe()).catch(failed("getMe", "check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT"));
      bot.botInfo = me; // launch() and webhook updates then skip their own getMe
      await send.call(() => bot.telegram.setMyCommands(say.COMMANDS)).catch((err: unknown) => log.warn("telegram setMyCommands failed", { error: err }));
      if (hook) {
        await send.call(() => bot.telegram.setWebhook(hook.url, { secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] })).catch(failed("setWebhook", "check TELEGRAM_WEBHOOK_URL"));
      } else {
        // Refuses to start (NotReadyError) while another replica polls this bot.
        pollingLock = await holdPollingLock(state, tokenKey, log, () => void polling!.stop(), options.pollingLockTtlMs ?? POLLING_LOCK_TTL_MS);
        await polling!.start();
      }
      log.info("telegram started", { bot: me.username, mode: hook ? "webhook" : "polling" });
    },

    stop() {
      stopped ??= (async () => {
        closed = true;
        await polling?.stop();
        await conversation.drain(options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
        if (polling) {
          // What was answered is confirmed; the rest stays with Telegram for the next start.
          await unanswered
            .confirm()
            .then(() => unanswered.size > 0 && log.warn("telegram: updates left unanswered for the next start", { count: unanswered.size }))
            .catch((err: unknown) => log.warn("telegram: confirming answered updates failed; they may be answered again at the next start", { error: err }));
        }
        // Held until here: the confirming getUpdates above is this replica's last poll.
        await pollingLock?.release();
        log.info("telegram stopped");
      })();
      return stopped;
    },
  };
}

/** The forum topic a message was posted in, so the reply lands there too. */
function threadOf(message: Message): number | undefined {
  return "is_topic_message" in message && message.is_topic_message ? message.message_thread_id : undefined;
}

/** The message this one replies to (its id), if any. */
function repliedTo(message: Message): number | undefined {
  return "reply_to_message" in message ? message.reply_to_message?.message_id : undefined;
}

/** What a message the bot may read asks of the core. */
function requestOf(intent: Exclude<Intent, { kind: "ignore" }>, chat: Chat): Request {
  if (intent.kind !== "command") return intent;
  return { ...intent, explicit: isPrivate(chat.type) || intent.explicit };
}

const VOTE_REPLY: Record<VoteOutcome, string> = {
  thanks: say.VOTE_THANKS,
  already: say.VOTE_ALREADY,
  gone: say.VOTE_GONE,
  failed: say.APOLOGY,
};

/** The question and answer as the pressed message shows them (for answers sent before a restart). */
function votedFromMessage(msg: NonNullable<CallbackQuery["message"]>): Voted | undefined {
  const answer = "text" in msg ? msg.text : undefined;
  if (!answer) return undefined;
  const asked = "reply_to_message" in msg ? msg.reply_to_message : undefined;
  return { question: asked && "text" in asked ? asked.text : "", answer };
}
