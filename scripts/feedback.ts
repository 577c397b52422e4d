// npm run feedback -- [--file FILE] [--top N] [--export FILE.jsonl]
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { FeedbackStore } from "../src/feedback.js";
import { feedbackEvalCases, formatFeedbackSummary, readFeedback, summarizeFeedback } from "../src/feedback-summary.js";

const USAGE = "usage: npm run feedback -- [--file FEEDBACK.jsonl] [--top N] [--export FILE.jsonl]";

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), { values: ["file", "top", "export"], booleans: [] });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const top = Number(str(flags, "top") ?? 10);
  if (!Number.isInteger(top) || top < 1) throw new UsageError("--top must be a positive whole number");
  const file = path.resolve(str(flags, "file") ?? new FeedbackStore(loadConfig().dataDir).file);
  const { lines, unreadable } = await readFeedback(file);
  const summary = summarizeFeedback(lines);
  const out = str(flags, "export");
  if (out) {
    const cases = feedbackEvalCases(summary);
    await writeFile(out, cases.map((c) => JSON.stringify(c)).join("\n") + (cases.length ? "\n" : ""), "utf8");
    process.stderr.write(`wrote ${cases.length} 👎 question${cases.length === 1 ? "" : "s"} to ${out}: fill in "answers" (or set "kind": "abstain"), then add them to eval/\n`);
    return;
  }
  process.stdout.write(formatFeedbackSummary(summary, { file: path.relative(process.cwd(), file) || file, unreadable, top }) + "\n");
}

main().catch((err) => fail(err, undefined, USAGE));
