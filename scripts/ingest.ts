// npm run ingest -- [--corpus DIR] [--index DIR] [--json]
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { IndexLockedError } from "../src/index/store.js";
import { runIngest, summarize } from "../src/ingest/run-ingest.js";

const USAGE = "usage: npm run ingest -- [--corpus DIR] [--index DIR] [--json]";

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), { values: ["corpus", "index"], booleans: ["json"] });
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
  let report;
  try {
    report = await runIngest(config);
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

main().catch((err) => fail(err, undefined, USAGE));
