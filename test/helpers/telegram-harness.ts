// Boots the Telegram channel as main.ts would (config from an env object, logger, feedback store,
// shared HTTP server) against the Bot API stand-in, with every log line captured.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Chat, Message, User } from "telegraf/types";
import type { Channel } from "../../src/channels/channel.js";
import { createTelegramChannel, type TelegramChannelOptions } from "../../src/channels/telegram/adapter.js";
import { loadConfig, secretsOf, type Config } from "../../src/config.js";
import { FeedbackStore } from "../../src/feedback.js";
import { HttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/log.js";
import type { SharedState } from "../../src/state/shared-state.js";
import type { QaService } from "../../src/types.js";
import { TelegramApiStandin, type RecordedCall } from "../standins/telegram-api.js";

/** Token-shaped but not real, and not shaped like a real token either. */
export const TOKEN = "123456:TEST-token-not-real-aaaaaaaaaaaaaaaaaaaaaa";
export const WEBHOOK_PATH = "/telegram/hook";

export const alice: User = { id: 1001, is_bot: false, first_name: "Alice" };
export const bob: User = { id: 1002, is_bot: false, first_name: "Bob" };

export const privateChat = (u: User): Chat => ({ id: u.id, type: "private", first_name: u.first_name });
export const group = (id: number, title = "Fintech readers"): Chat => ({ id, type: "supergroup", title });

export interface Harness {
  api: TelegramApiStandin;
  channel: Channel;
  config: Config;
  feedback: FeedbackStore;
  /** Every line the logger wrote. */
  logs: string[];
  /** Base URL of the shared HTTP server (webhook mode). */
  httpUrl: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  qa: QaService;
  env?: Record<string, string>;
  webhook?: boolean;
  channel?: TelegramChannelOptions;
  /** Start the channel (default) or leave it to the test. */
  start?: boolean;
  /** Another replica of the same bot: talk to this stand-in (left open by close()). */
  api?: TelegramApiStandin;
  /** The replicas' shared state (default: the channel's own, in memory). */
  state?: SharedState;
}

export async function startTelegram(opts: HarnessOptions): Promise<Harness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-tg-"));
  const api = opts.api ?? (await TelegramApiStandin.start({ token: TOKEN }));
  const http = new HttpServer();
  const port = await http.listen(0, "127.0.0.1");
  const httpUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {
      CORPUS_DIR: path.join(dir, "corpus"),
      INDEX_DIR: path.join(dir, "index"),
      DATA_DIR: path.join(dir, "data"),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      ...(opts.webhook ? { TELEGRAM_WEBHOOK_URL: httpUrl + WEBHOOK_PATH } : {}),
      ...opts.env,
    },
    dir,
  );
  const logs: string[] = [];
  const log = createLogger({ level: "debug", json: true, secrets: secretsOf(config), write: (l) => logs.push(l) });
  const feedback = new FeedbackStore(config.dataDir);
  const channel = createTelegramChannel({ qa: opts.qa, config, log, feedback, http, state: opts.state }, { restartDelayMs: 200, ...opts.channel });
  if (opts.start ?? true) await channel.start();
  return {
    api,
    channel,
    config,
    feedback,
    logs,
    httpUrl,
    async close() {
      await channel.stop();
      await http.close();
      if (!opts.api) await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const repliesTo = (msg: Message) => (c: RecordedCall) =>
  c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === msg.chat.id && c.params.reply_parameters?.message_id === msg.message_id;

/** Waits for the bot's complete answer to `msg` (the part with the 👍/👎 buttons comes last); all parts in order. */
export async function answerTo(api: TelegramApiStandin, msg: Message, timeoutMs?: number): Promise<RecordedCall[]> {
  await api.waitFor((c) => repliesTo(msg)(c) && c.params.reply_markup !== undefined, `answer to "${textOf(msg)}"`, timeoutMs);
  return api.calls.filter(repliesTo(msg));
}

/** Waits for the first reply (of any kind) to `msg`. */
export function replyTo(api: TelegramApiStandin, msg: Message, timeoutMs?: number): Promise<RecordedCall> {
  return api.waitFor(repliesTo(msg), `a reply to "${textOf(msg)}"`, timeoutMs);
}

/** Successful replies to `msg` so far. */
export function repliesSoFar(api: TelegramApiStandin, msg: Message): RecordedCall[] {
  return api.calls.filter(repliesTo(msg));
}

/** What the user sees of sent messages (text after Telegram parsed the HTML), parts joined. */
export function shown(calls: RecordedCall[]): string {
  return calls.map((c) => (c.result as Message.TextMessage).text).join("\n\n");
}

function textOf(msg: Message): string {
  return "text" in msg ? msg.text : "(no text)";
}
