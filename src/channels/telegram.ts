// The Telegram channel: telegraf updates → questions for the QaService → HTML replies with
// sources and 👍/👎 buttons. Long polling by default, webhook mode when TELEGRAM_WEBHOOK_URL is set.
import { Telegraf } from "telegraf";
import type { CallbackQuery, Chat, Message } from "telegraf/types";
import { hashId } from "../feedback.js";
import { escapeHtml, formatTelegramAnswer, htmlToPlain, splitHtml } from "../format/telegram-html.js";
import { MemoryState } from "../state/memory-state.js";
import type { Channel, ChannelDeps } from "./channel.js";
import { languageOfLocale } from "./locale.js";
import { isPrivate, readIntent } from "./telegram/addressing.js";
import { chatAllowed } from "./telegram/allowlist.js";
import { botKey } from "./telegram/bot-key.js";
import { ChatQueue } from "./telegram/chat-queue.js";
import { dropRepeatedUpdates, rememberAnswered, skipAnsweredUpdates } from "./telegram/dedupe.js";
import { askerKey, QuestionLimit, type LimitVerdict } from "./telegram/limits.js";
import { limitCallTime } from "./telegram/call-timeout.js";
import { PollingSupervisor } from "./telegram/polling.js";
import { holdPollingLock, POLLING_LOCK_TTL_MS, type PollingLock } from "./telegram/polling-lock.js";
import { apiErrorIs } from "./telegram/retry.js";
import { TelegramSender, type Target } from "./telegram/sender.js";
import { TelegramStreamingReply } from "./telegram/stream.js";
import { UnansweredUpdates } from "./telegram/unanswered.js";
import * as say from "./telegram/texts.js";
import { keepTyping, TYPING_INTERVAL_MS } from "./telegram/typing.js";
import { AnswerMemory, parseVote, voteKeyboard, type Voted } from "./telegram/votes.js";
import { mountWebhook, webhookSettings } from "./telegram/webhook.js";

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

/** Inside main.ts's shutdown deadline (SHUTDOWN_DEADLINE_MS, 28 s), so the warning below gets logged. */
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
  const queue = new ChatQueue((err) => log.error("telegram task failed", { error: err }));
  // Shared by the replicas when REDIS_URL is set, so that they count and de-duplicate as one.
  const state = deps.state ?? new MemoryState();
  const limit = new QuestionLimit(deps.config.rateLimitPerMinute, Date.now, state);
  const tokenKey = botKey(settings.token);
  const memory = new AnswerMemory();
  const typingMs = options.typingIntervalMs ?? TYPING_INTERVAL_MS;

  let closed = false;
  const hook = settings.webhookUrl ? webhookSettings(settings.webhookUrl, settings.webhookSecret) : undefined;
  if (hook) mountWebhook(deps.http, bot, hook, () => closed);
  const polling = hook
    ? undefined
    : new PollingSupervisor(bot, log, { allowedUpdates: [...ALLOWED_UPDATES], restartDelayMs: options.restartDelayMs });
  // Polling confirms an update to Telegram only once it is answered (see unanswered.ts).
  const unanswered = new UnansweredUpdates(polling ? (id) => rememberAnswered(state, tokenKey, id) : undefined);
  if (polling) unanswered.interceptPolling(bot.telegram);

  bot.use(unanswered.middleware());
  bot.use(polling ? skipAnsweredUpdates(state, tokenKey, log) : dropRepeatedUpdates(state, tokenKey, log));
  // Handlers only enqueue work (see ChatQueue), so they return at once; the work is tracked.
  bot.on("message", (ctx) => void unanswered.track(ctx, onMessage(ctx.message, ctx.chat)));
  bot.on("callback_query", (ctx) => void unanswered.track(ctx, onPress(ctx.callbackQuery)));
  // Without this telegraf prints the update to the console and rethrows, ending polling.
  bot.catch((err) => log.error("telegram update failed", { error: err }));

  /** What the message asks for, queued; the promise settles once it was sent (undefined: nothing to do). */
  function onMessage(message: Message, chat: Chat): Promise<void> | undefined {
    const me = bot.botInfo!;
    const intent = readIntent(message, me, chat.type);
    if (intent.kind === "ignore") return;
    const to: Target = { chatId: chat.id, replyTo: message.message_id, threadId: threadOf(message) };
    const reply = (html: string) => replyLater(to, html);

    if (!chatAllowed(settings!.allowedChats, chat)) return reply(say.notAllowed(chat.id));
    const example = deps.qa.exampleQuestions()[0];
    switch (intent.kind) {
      case "not-text":
        return reply(say.NOT_TEXT);
      case "question":
        if (!intent.text) return reply(say.mentionUsage(me.username, example));
        return ask(message, to, intent.text);
      case "command":
        switch (intent.name) {
          case "start":
          case "help":
            return reply(say.welcome(me.username, deps.qa.sources(), deps.qa.exampleQuestions(), languageOfLocale(message.from?.language_code)));
          case "sources":
            return reply(say.sourcesList(deps.qa.sources()));
          case "ask":
            return intent.args ? ask(message, to, intent.args) : reply(say.askUsage(example));
          default:
            // A bare "/other" in a group may be for another bot; only answer when surely ours.
            if (isPrivate(chat.type) || intent.explicit) return reply(say.UNKNOWN_COMMAND);
            return;
        }
    }
  }

  /** Queues a reply, so it goes out after what the chat was already owed; split to fit a message. */
  function replyLater(to: Target, html: string): Promise<void> {
    return queue.push(to.chatId, async () => void (await send.parts(to, splitHtml(html))));
  }

  function ask(message: Message, to: Target, question: string): Promise<void> {
    // Counted on arrival; the verdict waits its turn in the chat's queue, so that replies keep
    // the order of the messages.
    const verdict: Promise<LimitVerdict> = limit.take(askerKey(message.from?.id, to.chatId));
    return queue.push(to.chatId, async () => {
      const v = await verdict;
      if (v.allowed) return answer(to, question);
      if (v.tell) await send.html(to, say.rateLimited(v.retryAfterS));
    });
  }

  async function answer(to: Target, question: string): Promise<void> {
    const stopTyping = keepTyping(() => send.typing(to), typingMs);
    // With an LLM the answer streams into one reply that the final answer then replaces.
    const stream = new TelegramStreamingReply(send, to, log, options.streamIntervalMs);
    try {
      const result = await deps.qa.ask(question, { chatId: `telegram:${to.chatId}`, onPartial: stream.push });
      // Small talk is the bot's own words: nothing to vote on.
      const chat = result.kind === "chat";
      const last = await stream.finish(formatTelegramAnswer(result), chat ? undefined : voteKeyboard());
      if (!chat) memory.remember(to.chatId, last.message_id, { question, answer: result.answer });
      log.info("telegram answered", {
        chat: hashId(String(to.chatId)),
        kind: result.kind,
        citations: result.citations.length,
        ms: result.timings.totalMs,
      });
    } catch (err) {
      // The service's word for a question it cannot take (empty, too long) is meant for the user.
      if (err instanceof Error && err.name === "BadQuestionError") {
        await send.html(to, escapeHtml(err.message)).catch((e: unknown) => log.error("telegram reply failed", { error: e }));
        return;
      }
      log.error("telegram answer failed", { chat: hashId(String(to.chatId)), error: err });
      await stream.finish([say.APOLOGY]).catch((e: unknown) => log.error("telegram apology failed", { error: e }));
    } finally {
      stopTyping();
    }
  }

  function onPress(query: CallbackQuery): Promise<void> | undefined {
    const vote = "data" in query ? parseVote(query.data) : undefined;
    const msg = query.message;
    if (!vote || !msg) {
      return send.call(() => send.api.answerCbQuery(query.id)).then(
        () => undefined,
        (err: unknown) => log.warn("telegram ack failed", { error: err }),
      );
    }
    return queue.push(msg.chat.id, async () => {
      const ack = (text: string) => send.call(() => send.api.answerCbQuery(query.id, text));
      if (!chatAllowed(settings!.allowedChats, msg.chat)) return void (await ack(htmlToPlain(say.notAllowed(msg.chat.id))));
      const claim = memory.claim(msg.chat.id, msg.message_id, votedFromMessage(msg));
      if (claim.state === "new") {
        try {
          await deps.feedback.record({ channel: "telegram", who: String(msg.chat.id), vote, ...claim.entry });
        } catch (err) {
          log.error("telegram feedback not recorded", { error: err });
          return void (await ack(say.APOLOGY));
        }
      }
      await ack(claim.state === "new" ? say.VOTE_THANKS : claim.state === "already" ? say.VOTE_ALREADY : say.VOTE_GONE);
      try {
        await send.call(() => send.api.editMessageReplyMarkup(msg.chat.id, msg.message_id, undefined, undefined));
      } catch (err) {
        // A second press finds the buttons already gone.
        if (!apiErrorIs(err, 400, "message is not modified")) throw err;
      }
    });
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
      const me = await send
        .call(() => bot.telegram.getMe())
        .catch(failed("getMe", "check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT"));
      bot.botInfo = me; // launch() and webhook updates then skip their own getMe
      await send
        .call(() => bot.telegram.setMyCommands(say.COMMANDS))
        .catch((err: unknown) => log.warn("telegram setMyCommands failed", { error: err }));
      if (hook) {
        await send
          .call(() => bot.telegram.setWebhook(hook.url, { secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] }))
          .catch(failed("setWebhook", "check TELEGRAM_WEBHOOK_URL"));
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
        const drained = await queue.drain(options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
        if (!drained) log.warn("telegram stopped with answers still in flight", { pending: queue.size });
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

/** The question and answer as the pressed message shows them (for answers sent before a restart). */
function votedFromMessage(msg: NonNullable<CallbackQuery["message"]>): Voted | undefined {
  const answer = "text" in msg ? msg.text : undefined;
  if (!answer) return undefined;
  const asked = "reply_to_message" in msg ? msg.reply_to_message : undefined;
  return { question: asked && "text" in asked ? asked.text : "", answer };
}
