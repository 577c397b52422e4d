// npm run ask -- [--index DIR] [--json] "question"
// npm run ask -- [--index DIR] --json --batch FILE.jsonl
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { readBatch } from "../src/cli/batch.js";
import { EXIT, fail } from "../src/cli/exit.js";
import { formatForTerminal } from "../src/format/terminal.js";
import { BadQuestionError, Qa } from "../src/qa.js";

const USAGE = `usage: npm run ask -- [--index DIR] [--json] "question"
       npm run ask -- [--index DIR] --json --batch FILE.jsonl   (one {"id","question"} per line)`;

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), { values: ["index", "batch"], booleans: ["json"] });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const batchFile = str(flags, "batch");
  if (batchFile && !flags.json) throw new UsageError("--batch writes JSON lines; add --json");
  if (batchFile && positional.length) throw new UsageError("give either a question or --batch, not both");
  if (!batchFile && positional.length === 0) throw new UsageError("no question given");
  const batch = batchFile ? await readBatch(batchFile) : undefined;
  const question = positional.join(" ");
  if (!batch && !question.trim()) throw new BadQuestionError("Please type a question.");

  const config = loadConfig();
  if (str(flags, "index")) config.indexDir = path.resolve(str(flags, "index")!);
  const qa = await Qa.open(config);
  try {
    if (batch) {
      let unreadable = 0;
      for (const item of batch) {
        if ("error" in item) {
          unreadable++;
          process.stdout.write(JSON.stringify(item) + "\n");
          continue;
        }
        try {
          const answer = await qa.ask(item.question);
          process.stdout.write(JSON.stringify({ id: item.id, ...answer }) + "\n");
        } catch (err) {
          // One bad question does not sink the batch: its line says what was wrong.
          if (!(err instanceof BadQuestionError)) throw err;
          process.stdout.write(JSON.stringify({ id: item.id, question: item.question, error: err.message }) + "\n");
        }
      }
      // The good lines are answered; the exit code says that some of the file was not readable.
      if (unreadable) {
        process.stderr.write(`planbot: ${unreadable} line${unreadable === 1 ? "" : "s"} of ${batchFile} could not be read (see their "error")\n`);
        process.exitCode = EXIT.usage;
      }
      return;
    }
    const answer = await qa.ask(question);
    process.stdout.write((flags.json ? JSON.stringify(answer) : formatForTerminal(answer, { color: process.stdout.isTTY === true })) + "\n");
  } finally {
    await qa.close();
  }
}

main().catch((err) => fail(err, undefined, USAGE));
