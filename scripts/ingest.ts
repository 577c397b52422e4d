// npm run ingest -- [--corpus DIR] [--index DIR] [--json] [--force] [--watch]
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { loadConfig, secretsOf, type Config } from "../src/config.js";
import { IngestRunner } from "../src/ingest/ingest-runner.js";
import { watchCorpus } from "../src/ingest/watch.js";
import { createLogger } from "../src/log.js";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { IndexLockedError } from "../src/index/store.js";
import { runIngest, summarize } from "../src/ingest/run-ingest.js";

const USAGE = "usage: npm run ingest -- [--corpus DIR] [--index DIR] [--json] [--force] [--watch]";

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), { values: ["corpus", "index"], booleans: ["json", "force", "watch"] });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const config = loadConfig();
  if (str(flags, "corpus")) config.corpusDir = path.resolve(str(flags, "corpus")!);
  if (str(flags, "index")) config.indexDir = path.resolve(str(flags, "index")!);
  if (!existsSync(config.corpusDir) || !statSync(config.corpusDir).isDirectory()) {
    throw new UsageError(`corpus folder ${config.corpusDir} does not exist`);
  }
  if (flags.watch) return watchAndIngest(config, Boolean(flags.force));
  let report;
  try {
    report = await runIngest(config, { force: Boolean(flags.force) });
  } catch (err) {
    // npm start runs this command as a child: it waits for a locked index and retries. (The
    // message goes to stderr, redacted, as for every command.)
    if (flags.json) process.stdout.write(JSON.stringify({ failed: true, locked: err instanceof IndexLockedError }) + "\n");
    throw err;
  }
  if (flags.json) {
    const { documents, chunks, embedded, reused, skipped, ms, where } = report;
    process.stdout.write(JSON.stringify({ documents, chunks, embedded, reused, skipped, ms, upToDate: report.upToDate, where }) + "\n");
  } else {
    for (const s of report.skipped) process.stderr.write(`skipped ${s.file}: ${s.reason}\n`);
    process.stdout.write(summarize(report) + "\n");
  }
}

/** --watch: ingest now, then again whenever the corpus changes, until stopped (Ctrl-C). */
async function watchAndIngest(config: Config, force: boolean): Promise<void> {
  const log = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const runner = new IngestRunner((opts) => runIngest(config, { quiet: true, force: opts.force }));
  const watch = watchCorpus({ corpusDir: config.corpusDir, runner, log });
  try {
    log.info(summarize(await runner.run({ force })));
  } catch (err) {
    log.warn("the first ingest failed; waiting for changes", { error: err });
  }
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
    // The watcher does not keep the process alive by itself.
    setInterval(() => undefined, 1 << 30);
  });
  watch.close();
  await runner.idle();
  process.exit(0);
}

main().catch((err) => fail(err, undefined, USAGE));
