// npm run ask -- [--index DIR] [--json] "question"
// npm run ask -- [--index DIR] --json --batch FILE.jsonl
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { formatForTerminal } from "../src/format/terminal.js";
import { BadQuestionError, Qa } from "../src/qa.js";

const USAGE = `usage: npm run ask -- [--index DIR] [--json] "question"
       npm run ask -- [--index DIR] --json --batch FILE.jsonl   (one {"id","question"} per line)`;

interface BatchItem {
  id: unknown;
  question: string;
}

async function readBatch(file: string): Promise<BatchItem[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
  const items: BatchItem[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not valid JSON`);
    }
    const q = (obj as { question?: unknown })?.question;
    if (typeof q !== "string") throw new UsageError(`${file}:${i + 1}: needs a "question" string`);
    items.push({ id: (obj as { id?: unknown }).id ?? i + 1, question: q });
  });
  return items;
}

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
      for (const item of batch) {
        try {
          const answer = await qa.ask(item.question);
          process.stdout.write(JSON.stringify({ id: item.id, ...answer }) + "\n");
        } catch (err) {
          // One bad question does not sink the batch: its line says what was wrong.
          if (!(err instanceof BadQuestionError)) throw err;
          process.stdout.write(JSON.stringify({ id: item.id, question: item.question, error: err.message }) + "\n");
        }
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
