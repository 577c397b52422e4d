// npm start: the chat platforms whose settings are present (channels/registry.ts), otherwise a
// terminal chat.
// Builds the index first when it is missing or older than the corpus.
//
// With a platform channel, the shared HTTP server (PORT) starts first, so /healthz can say
// "starting" (503) while the index and model load and the channels start, then "ok" (200) while
// Redis answers (when REDIS_URL is set). /metrics counts questions per channel through an
// instrumented QaService. The terminal chat opens no port and keeps its state in memory.
// With REDIS_URL, rate limits, de-duplication, conversation memory and the Telegram polling lock
// are shared by every replica; an unreachable Redis at start exits 3.
// SIGTERM / SIGINT: intake stops, answers in flight finish (bounded), then exit 0; a second
// signal within 2 s (npm forwarding the group's signal) is the same stop, a later one exits at once.
import { existsSync } from "node:fs";
import { DocumentAdmin } from "./admin/documents.js";
import { loadConfig, secretsOf, type Config } from "./config.js";
import { fail } from "./cli/exit.js";
import { runConsole } from "./channels/console.js";
import type { Channel, ChannelDeps } from "./channels/channel.js";
import { CHANNELS } from "./channels/registry.js";
import { ConversationMemory, type ChatMemory } from "./conversation/memory.js";
import { SharedConversationMemory } from "./conversation/shared-memory.js";
import { FeedbackStore } from "./feedback.js";
import { HttpServer } from "./http/server.js";
import { IndexLockedError } from "./errors.js";
import { indexIsStale } from "./ingest/staleness.js";
import { createIndexStore } from "./index/store-factory.js";
import { runIngestProcess } from "./ingest/ingest-process.js";
import { IngestRunner } from "./ingest/ingest-runner.js";
import { watchCorpus } from "./ingest/watch.js";
import { summarize } from "./ingest/run-ingest.js";
import { createLogger, type Logger } from "./log.js";
import { Health, mountOps, registerProcessMetrics } from "./ops/health.js";
import { instrumentQa, QaMetrics } from "./ops/instrumented-qa.js";
import { limitConcurrency, MAX_CONCURRENT_QUESTIONS } from "./ops/limit.js";
import { Registry } from "./ops/metrics.js";
import { LiveQa } from "./live-qa.js";
import { MemoryState } from "./state/memory-state.js";
import type { SharedState } from "./state/shared-state.js";
import { warmUpChinese } from "./text/chinese/warm-up.js";

/** After a stop signal, the longest wait for channels to drain before exiting anyway (exit 1). */
const SHUTDOWN_DEADLINE_MS = 28_000;
/**
 * A second stop signal this soon after the first is the same stop (npm forwarding the signal
 * the whole process group got); only a later one forces an exit without draining.
 */
const DUPLICATE_SIGNAL_WINDOW_MS = 2_000;
/** How long start-up waits for another replica's ingest of a shared index. */
const INDEX_WAIT_MS = 10 * 60_000;

async function ensureIndex(config: Config, log: Logger): Promise<void> {
  // A damaged index, or one from another planbot version, is not rebuilt behind the operator's
  // back: it stops start-up (exit 3) with the command that fixes it.
  const store = await createIndexStore(config);
  let existed: boolean;
  let why: string | undefined;
  try {
    existed = (await store.manifest()) !== undefined;
    why = await indexIsStale(config.corpusDir, store, {
      corpusOptional: config.vectorStore.kind === "pgvector",
      followSymlinksOutside: config.followSymlinksOutside,
    });
  } finally {
    await store.close();
  }
  if (!why) return;
  log.info(`building the index (${why})`);
  const deadline = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    try {
      // In a child process with a heap limit: a document that blows up the parser kills the
      // child, not the bot.
      log.info(summarize(await runIngestProcess(config)));
      return;
    } catch (err) {
      // Replicas sharing one database start together: one builds, the others wait for it.
      if (err instanceof IndexLockedError && Date.now() < deadline) {
        log.info(`waiting for another ingest to finish (${err.message})`);
        await new Promise((r) => setTimeout(r, 2000));
        continue;
      }
      // An index that answered before keeps answering when the corpus cannot be read now.
      if (!existed) throw err;
      log.warn("could not update the index; answering from the previous one", { error: err });
      return;
    }
  }
}

/** What /healthz says about the index served now. */
function indexInfo(qa: LiveQa) {
  return { documents: qa.sources().length, chunks: qa.index.size, indexBuiltAt: qa.index.manifest.createdAt, indexVersion: qa.version };
}

/** The configured channels (registry.ts), each with the QaService counted under its name. */
async function createChannels(deps: Omit<ChannelDeps, "qa">, qa: (channel: string) => ChannelDeps["qa"]): Promise<Channel[]> {
  const enabled = CHANNELS.filter((c) => c.enabled(deps.config));
  return Promise.all(enabled.map(async (c) => (await c.load())({ ...deps, qa: qa(c.name) })));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    return fail(err);
  }
  const log = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // A backstop only: every handler catches its own errors. A promise rejected with nobody to
  // handle it is logged rather than ending the process (node's default), so that one bad
  // request can never stop the bot.
  process.on("unhandledRejection", (err) => log.error("unhandled rejection (a bug: please report it)", { error: err }));
  const platform = CHANNELS.some((c) => c.enabled(config));

  // Until the channels run, a stop signal has nothing to drain: stop at once (an ingest killed
  // here leaves the previous index in place).
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => {
    log.info(`${signal} during start-up: stopping`);
    process.exit(0);
  };
  const signalled = (signal: NodeJS.Signals) => onSignal(signal);
  process.on("SIGTERM", signalled);
  process.on("SIGINT", signalled);

  const http = new HttpServer();
  // /metrics on its own port when METRICS_PORT is set (one that stays inside the network).
  const metricsHttp = config.metrics.port !== undefined ? new HttpServer() : undefined;
  const health = new Health();
  const registry = new Registry();
  const metrics = new QaMetrics(registry);
  if (platform) {
    // Errors the handlers threw are answered with a 500 and logged here; none leaves the server.
    for (const server of [http, metricsHttp]) if (server) server.onHandlerError = (err) => log.error("an HTTP handler failed", { error: err });
    registerProcessMetrics(registry, health);
    mountOps(http, health, registry, { metricsHttp, metricsToken: config.metrics.token });
    // Routes the channels register later (webhooks) do not exist yet: ask senders to come back.
    http.setFallback((_req, res) => void res.writeHead(503, { "retry-after": "5", "content-type": "text/plain" }).end("starting\n"));
    const port = await http.listen(config.port, config.host);
    if (metricsHttp) {
      const mport = await metricsHttp.listen(config.metrics.port!, config.host);
      log.info(`listening on ${config.host} port ${port} (/healthz), /metrics on port ${mport}`, { host: config.host, port, metricsPort: mport });
    } else {
      log.info(`listening on ${config.host} port ${port} (/healthz, /metrics)`, { host: config.host, port });
    }
  }

  // Before the index: a Redis that does not answer is a setup mistake to report at once (exit 3).
  let state: SharedState = new MemoryState();
  let memory: ChatMemory = new ConversationMemory();
  if (platform && config.redis) {
    const { RedisState } = await import("./state/redis-state.js");
    const redis = await RedisState.connect({ ...config.redis, log });
    state = redis;
    memory = new SharedConversationMemory(redis);
    health.require("redis", () => redis.ping());
  }

  await ensureIndex(config, log);
  // New index versions (this process's watcher, another replica, `npm run ingest`) are swapped in
  // while serving; /healthz and /metrics name the version served.
  const qa = await LiveQa.open(config, {
    log,
    memory,
    onSwap: () => health.indexChanged({ ...indexInfo(qa), indexReloads: qa.reloads }),
  });
  warmUpChinese();
  health.starting("starting the channels");
  const ingests = new IngestRunner(
    (opts) => runIngestProcess(config, opts),
    () => qa.checkForNewVersion(),
  );
  const watch = config.watchCorpus && existsSync(config.corpusDir) ? watchCorpus({ corpusDir: config.corpusDir, runner: ingests, log }) : undefined;

  if (!platform) {
    process.off("SIGTERM", signalled);
    process.off("SIGINT", signalled);
    const interactive = Boolean(process.stdin.isTTY);
    // The chat is on stdout; stderr only hears of failures.
    const quiet = createLogger({ level: "warn", secrets: secretsOf(config) });
    await runConsole(qa, { input: process.stdin, output: process.stdout, interactive, log: quiet });
    watch?.close();
    await ingests.idle();
    await qa.close();
    return;
  }

  // One bound for all channels together; each channel counts its own questions.
  const limited = limitConcurrency(qa);
  registry.gaugeOf("planbot_questions_waiting", `Questions waiting for their turn (at most ${MAX_CONCURRENT_QUESTIONS} are answered at once).`, () => limited.waiting);
  // Admins add, remove and re-index documents from the chat through the same one-at-a-time
  // ingest runner as the watcher; the new version then reaches every channel by the live swap.
  const documents = DocumentAdmin.forConfig(config, ingests, log);
  const channels = await createChannels({ config, log, feedback: new FeedbackStore(config.dataDir), http, state, documents }, (name) => instrumentQa(limited, name, metrics));
  await Promise.all(channels.map((c) => c.start()));
  http.setFallback(undefined);
  health.ready({ ...indexInfo(qa), model: qa.index.manifest.embedding.model, indexReloads: qa.reloads });
  log.info(`planbot is running: ${channels.map((c) => c.name).join(", ")}`);

  let stoppingSince: number | undefined;
  onSignal = (signal) => {
    if (stoppingSince === undefined) {
      stoppingSince = Date.now();
      void stop(signal);
      return;
    }
    // systemd (KillMode=control-group), Docker and Ctrl-C signal npm and node together, and npm
    // forwards its copy to node: that duplicate must not cut the drain short.
    if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_WINDOW_MS) {
      log.info(`${signal} again within ${DUPLICATE_SIGNAL_WINDOW_MS / 1000} s: the same stop, still finishing answers in flight`);
      return;
    }
    log.warn(`${signal} again: exiting without waiting for answers in flight`);
    process.exit(1);
  };
  const stop = async (signal: string) => {
    health.stopping();
    watch?.close();
    log.info(`${signal}: finishing answers in flight, then stopping`);
    const deadline = setTimeout(() => {
      log.warn(`answers still in flight after ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    await Promise.allSettled(channels.map((c) => c.stop()));
    await Promise.all([http.close(), metricsHttp?.close()]);
    await state.close().catch((err: unknown) => log.warn("closing the shared state failed", { error: err }));
    await qa.close().catch((err: unknown) => log.warn("closing the model failed", { error: err }));
    log.info("stopped");
    process.exit(0);
  };
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
