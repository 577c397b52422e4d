// npm run import-dataset -- --format squad|tatqa [--text-only] [--limit N] [--questions-from FILE] IN OUT_DIR
// Turns a public Q&A set into OUT_DIR/corpus/, OUT_DIR/dataset.jsonl and OUT_DIR/README.md
// (and OUT_DIR/dataset.<lang>.jsonl: the same questions in another language).
import path from "node:path";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { formatSummary, readJsonInput, writeImport, type ParallelQuestions } from "../tools/importers/common.js";
import { importSquad, squadQuestions } from "../tools/importers/squad.js";
import { detectLanguage } from "../src/text/language.js";
import { importTatqa } from "../tools/importers/tatqa.js";

const USAGE = `usage: npm run import-dataset -- --format squad|tatqa [--text-only] [--limit N] [--questions-from FILE] IN OUT_DIR
  --text-only  TAT-QA: keep only questions answered from the paragraphs (all contexts are still written)
  --limit N    only the first N contexts (TAT-QA) or articles (SQuAD)
  --questions-from FILE  SQuAD: the same questions in another language (XQuAD's xquad-even.zh.json),
               matched by id, written as OUT_DIR/dataset.<lang>.jsonl over IN's documents`;

// Flag mistakes print the usage; a bad input file is one line.
let argsChecked = false;

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), { values: ["format", "limit", "questions-from"], booleans: ["text-only"] });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const format = str(flags, "format");
  if (format !== "squad" && format !== "tatqa") throw new UsageError(format ? `unknown --format "${format}" (use squad or tatqa)` : "--format squad|tatqa is required");
  if (positional.length !== 2) throw new UsageError(positional.length < 2 ? "need IN and OUT_DIR" : `unexpected argument "${positional[2]}"`);
  const [input, outDir] = positional as [string, string];
  const limitFlag = str(flags, "limit");
  const limit = limitFlag === undefined ? undefined : Number(limitFlag);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit must be a positive whole number, not "${limitFlag}"`);
  const textOnly = flags["text-only"] === true;
  if (textOnly && format !== "tatqa") throw new UsageError("--text-only applies to --format tatqa only");
  const questionsFrom = str(flags, "questions-from");
  if (questionsFrom && format !== "squad") throw new UsageError("--questions-from applies to --format squad only");
  argsChecked = true;

  const { json, bytes } = await readJsonInput(input);
  const imported = format === "tatqa" ? importTatqa(json, { textOnly, limit }, input) : importSquad(json, { limit }, input);
  const parallel = questionsFrom ? await parallelQuestions(questionsFrom) : undefined;
  const command = [
    "npm run import-dataset --",
    `--format ${format}`,
    textOnly ? "--text-only" : "",
    limit ? `--limit ${limit}` : "",
    questionsFrom ? `--questions-from ${path.basename(questionsFrom)}` : "",
    path.basename(input),
    "OUT_DIR",
  ]
    .filter(Boolean)
    .join(" ");
  const summary = await writeImport(outDir, imported, { file: input, bytes, command }, parallel);
  process.stderr.write(formatSummary(format, outDir, summary) + "\n");
}

/** The questions of a translated SQuAD file, named by their language ("zh" for Chinese). */
async function parallelQuestions(file: string): Promise<ParallelQuestions> {
  const questions = squadQuestions((await readJsonInput(file)).json, file);
  const langs = [...questions.values()].map(detectLanguage);
  const lang = langs.filter((l) => l === "zh").length * 2 > langs.length ? "zh" : "en";
  return { lang, file, questions };
}

// exit.ts pulls in the whole service (about a second); only a failure needs it.
main().catch(async (err) => (await import("../src/cli/exit.js")).fail(err, undefined, argsChecked ? undefined : USAGE));
