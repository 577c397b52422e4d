// The Slack channel: bolt 5 over HTTP (on the shared server, /slack/events) or Socket Mode
// (when SLACK_APP_TOKEN is set). It only translates Slack events to questions and Answers to
// Block Kit; the pieces live in ./slack/, one concept per file.
import { App, SocketModeReceiver } from "@slack/bolt";
import { MemoryState } from "../state/memory-state.js";
import type { Channel, ChannelDeps } from "./channel.js";
import { boltLogger } from "./slack/bolt-logger.js";
import { webClientOptions } from "./slack/client-options.js";
import { registerAskCommand } from "./slack/command.js";
import { Conversation } from "./slack/conversation.js";
import { userLanguages } from "./slack/user-locale.js";
import { dropRedeliveries } from "./slack/dedupe.js";
import { registerEvents } from "./slack/events.js";
import { InFlight } from "./slack/in-flight.js";
import { SharedHttpReceiver } from "./slack/shared-http-receiver.js";
import { registerVotes } from "./slack/votes.js";

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

  const inFlight = new InFlight((err) => log.error("slack: background task failed", { error: err }));
  const perMinute = deps.config.rateLimitPerMinute;
  const conversation = new Conversation({
    qa: deps.qa,
    log,
    limit: (user) => state.take(`rate:slack:${user}`, perMinute, 60_000),
    allowedChannels: cfg.allowedChannels,
    streamIntervalMs: options.streamIntervalMs,
    userLanguage: userLanguages(app.client),
  });

  app.use(dropRedeliveries(state, log));
  registerEvents(app, conversation, inFlight);
  registerAskCommand(app, conversation, inFlight, { inChannel: cfg.askInChannel });
  registerVotes(app, deps.feedback, inFlight, log);
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
      if (!(await inFlight.drain(options.drainTimeoutMs ?? 25_000))) {
        log.warn("slack: stopped with answers still running", { count: inFlight.size });
      }
    },
  };
}
