// npm start: Telegram and/or Slack when their tokens are set, otherwise a terminal chat.
// Builds the index first when it is missing or older than the corpus.
import { loadConfig, secretsOf, type Config } from "./config.js";
import { fail } from "./cli/exit.js";
import { runConsole } from "./channels/console.js";
import { createSlackChannel } from "./channels/slack.js";
import { createTelegramChannel } from "./channels/telegram.js";
import type { Channel, ChannelDeps } from "./channels/channel.js";
import { FeedbackStore } from "./feedback.js";
import { HttpServer } from "./http/server.js";
import { indexIsStale } from "./index/staleness.js";
import { runIngest, summarize } from "./ingest/run-ingest.js";
import { createLogger, type Logger } from "./log.js";
import { Qa } from "./qa.js";

async function ensureIndex(config: Config, log: Logger): Promise<void> {
  const why = await indexIsStale(config.corpusDir, config.indexDir);
  if (!why) return;
  log.info(`building the index (${why})`);
  log.info(summarize(await runIngest(config), config.indexDir));
}

function createChannels(deps: ChannelDeps): Channel[] {
  const channels: Channel[] = [];
  if (deps.config.telegram) channels.push(createTelegramChannel(deps));
  if (deps.config.slack) channels.push(createSlackChannel(deps));
  return channels;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    return fail(err);
  }
  const log = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  await ensureIndex(config, log);
  const qa = await Qa.open(config);
  const http = new HttpServer();
  const channels = createChannels({ qa, config, log, feedback: new FeedbackStore(config.dataDir), http });

  if (channels.length === 0) {
    const interactive = Boolean(process.stdin.isTTY);
    await runConsole(qa, { input: process.stdin, output: process.stdout, interactive });
    await qa.close();
    return;
  }

  if (http.hasRoutes) log.info(`listening on port ${await http.listen(config.port)}`);
  await Promise.all(channels.map((c) => c.start()));
  log.info(`planbot is running: ${channels.map((c) => c.name).join(", ")}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing answers in flight, then stopping`);
    const deadline = setTimeout(() => {
      log.warn("answers still in flight after 25 s; exiting anyway");
      process.exit(1);
    }, 25_000);
    deadline.unref();
    await Promise.allSettled(channels.map((c) => c.stop()));
    await http.close();
    await qa.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((err) => fail(err, createLogger({ secrets: safeSecrets() }).redact));

// Secrets for redacting a start-up crash, read without failing when the config is broken.
function safeSecrets(): string[] {
  try {
    return secretsOf(loadConfig());
  } catch {
    return [];
  }
}
