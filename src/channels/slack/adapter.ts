// The Slack adapter: bolt 5 over HTTP (on the shared server, /slack/events) or Socket Mode
// (when SLACK_APP_TOKEN is set). Slack events and /ask → the conversation core's requests; its
// replies → Block Kit messages (threads, ephemeral notices, answers streamed by chat.update).
import { App, SocketModeReceiver } from "@slack/bolt";
import type { SlackMessage } from "../../format/slack-blocks.js";
import { MemoryState } from "../../state/memory-state.js";
import type { Channel, ChannelDeps } from "../channel.js";
import { Conversation } from "../core/conversation.js";
import { Deliveries } from "../core/deliveries.js";
import { boltLogger } from "./bolt-logger.js";
import { webClientOptions } from "./client-options.js";
import { registerAskCommand } from "./command.js";
import { registerEvents } from "./events.js";
import { SharedHttpReceiver } from "./shared-http-receiver.js";
import { slackTexts } from "./texts.js";
import { slackUpload, type SharedFile } from "./upload.js";
import { userLanguages } from "./user-locale.js";
import { registerContextButton } from "./context-button.js";
import { registerReasons, registerVotes } from "./votes.js";

/** Slack retries three times: almost at once, after a minute, after five minutes. */
const SLACK_EVENT_TTL_MS = 10 * 60_000;

export interface SlackChannelOptions {
  /** How long stop() waits for answers in flight (default 25 s, inside a usual 30 s SIGTERM grace). */
  drainTimeoutMs?: number;
  /** Least time between two updates of an answer streaming in (default 1.2 s). */
  streamIntervalMs?: number;
}

export function createSlackChannel(deps: ChannelDeps, options: SlackChannelOptions = {}): Channel {
  const cfg = deps.config.slack;
  if (!cfg) throw new Error("the Slack channel needs SLACK_BOT_TOKEN");
  const log = deps.log.child({ channel: "slack" });
  const logger = boltLogger(log, deps.config.logLevel);
  const mode = cfg.appToken ? "socket" : "http";
  // Shared by the replicas when REDIS_URL is set, so that they count and de-duplicate as one.
  const state = deps.state ?? new MemoryState();

  let receiver: SharedHttpReceiver | SocketModeReceiver;
  if (cfg.appToken) {
    // Built here rather than by App (socketMode: true) so that the socket client gets
    // SLACK_API_URL for apps.connections.open but keeps its own patient reconnect retries
    // instead of the short answer retry policy App would hand it.
    receiver = new SocketModeReceiver({
      appToken: cfg.appToken,
      logger,
      installerOptions: { clientOptions: { slackApiUrl: cfg.apiUrl, timeout: 15_000 } },
    });
  } else {
    if (!cfg.signingSecret) throw new Error("the Slack channel needs SLACK_SIGNING_SECRET in HTTP mode");
    receiver = new SharedHttpReceiver({ http: deps.http, signingSecret: cfg.signingSecret, logger, log, state });
  }

  const app = new App({
    token: cfg.botToken,
    receiver,
    logger,
    // auth.test runs in start(), so a bad token fails start-up instead of the first question.
    deferInitialization: true,
    convoStore: false,
    clientOptions: webClientOptions(cfg.apiUrl),
  });

  const conversation = new Conversation<SlackMessage>({
    name: "slack",
    qa: deps.qa,
    log,
    feedback: deps.feedback,
    texts: slackTexts,
    perMinute: deps.config.rateLimitPerMinute,
    state,
    allowlist: cfg.allowedChannels,
    // Refusals are ephemeral (and /ask must ack with something): each one is told.
    tellEveryRefusal: true,
    documents: deps.documents,
  });
  const userLanguage = userLanguages(app.client);

  // Slack redelivers an event it thinks was slow (X-Slack-Retry-Num) and can deliver one event_id
  // twice, to any replica; bolt checks neither. Events are acked before middleware runs, so
  // dropping here still tells Slack to stop retrying.
  const events = new Deliveries(state, "slack:event", SLACK_EVENT_TTL_MS);
  app.use(async ({ body, context, next }) => {
    if (body.type === "event_callback") {
      const eventId = typeof body.event_id === "string" ? body.event_id : undefined;
      if ((context.retryNum ?? 0) > 0) {
        log.info("slack: dropped a retried delivery", { eventId, retryNum: context.retryNum, reason: context.retryReason });
        // Remember it anyway: a retry can arrive before the first delivery when the first was slow.
        if (eventId) await events.first(eventId);
        return;
      }
      if (eventId && !(await events.first(eventId))) {
        log.info("slack: dropped a duplicate event", { eventId });
        return;
      }
    }
    await next();
  });
  const upload = deps.documents ? (client: App["client"], file: SharedFile) => slackUpload(client, cfg.botToken, cfg.apiUrl, file) : undefined;
  registerEvents(app, conversation, { userLanguage, streamIntervalMs: options.streamIntervalMs, upload });
  registerAskCommand(app, conversation, { inChannel: cfg.askInChannel, userLanguage });
  registerVotes(app, conversation, log);
  registerReasons(app, conversation, log);
  registerContextButton(app, conversation);
  // Listener errors are logged here; the default handler would also reject the HTTP request.
  app.error(async (err) => log.error("slack: unhandled error", { error: err }));

  return {
    name: "slack",
    async start() {
      await app.init();
      await receiver.start();
      log.info("slack: receiving", { mode });
    },
    async stop() {
      await receiver.stop().catch((err: unknown) => log.warn("slack: stopping the receiver failed", { error: err }));
      await conversation.drain(options.drainTimeoutMs ?? 25_000);
    },
  };
}
