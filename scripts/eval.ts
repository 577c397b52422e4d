// npm run eval -- [--dataset FILE] [--corpus DIR] [--index DIR] [--out FILE] [--baseline FILE]
//                 [--retrievers hybrid,dense,lexical] [--fusion weighted|rrf] [--answerer extractive,llm] [--calibrate]
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { progressBar } from "../src/cli/progress.js";
import { readDataset } from "../src/eval/dataset.js";
import { markdownReport, modelsNote } from "../src/eval/report.js";
import { evaluate, type EvalReport } from "../src/eval/run-eval.js";
import { crossLanguage, formatCrossLanguage } from "../src/eval/cross-language.js";
import { calibrate, formatCalibration } from "../tools/calibrate.js";
import { runIngest, summarize } from "../src/ingest/run-ingest.js";
import { Qa, type AnswererKind } from "../src/qa.js";
import type { RetrieverMode } from "../src/retrieval/retriever.js";

const USAGE = `usage: npm run eval -- [--dataset FILE] [--corpus DIR] [--index DIR] [--out FILE] [--baseline FILE]
                     [--retrievers hybrid,dense,lexical] [--fusion weighted|rrf] [--answerer extractive,llm] [--calibrate]`;
const MODES: RetrieverMode[] = ["hybrid", "dense", "lexical"];

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), {
    values: ["dataset", "corpus", "index", "out", "baseline", "retrievers", "fusion", "answerer"],
    booleans: ["calibrate"],
  });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const retrievers = (str(flags, "retrievers") ?? "hybrid").split(",").map((s) => s.trim()) as RetrieverMode[];
  for (const r of retrievers) if (!MODES.includes(r)) throw new UsageError(`unknown retriever "${r}" (use ${MODES.join(", ")})`);
  const fusion = str(flags, "fusion");
  if (fusion && fusion !== "weighted" && fusion !== "rrf") throw new UsageError(`--fusion must be weighted or rrf`);

  const config = loadConfig();
  // Which answerers to run: the configured one by default; "extractive,llm" compares both.
  const answerers = str(flags, "answerer")
    ?.split(",")
    .map((s) => s.trim()) as AnswererKind[] | undefined;
  for (const a of answerers ?? []) {
    if (a !== "extractive" && a !== "llm") throw new UsageError(`unknown answerer "${a}" (use extractive, llm)`);
    if (a === "llm" && config.llm === "none") throw new UsageError("--answerer llm needs a language model: set LLM=openai or LLM=ollama");
  }
  // Calibration uses every question the project has; a plain run the main set.
  const datasetFiles = (str(flags, "dataset") ?? (flags.calibrate ? "eval/plan.jsonl,eval/plan-holdout.jsonl" : "eval/plan.jsonl")).split(",").map((f) => path.resolve(f.trim()));
  if (str(flags, "corpus")) {
    config.corpusDir = path.resolve(str(flags, "corpus")!);
    // A corpus of its own gets an index of its own unless one is named.
    if (!str(flags, "index")) config.indexDir = path.resolve("data/eval-index", indexNameFor(config.corpusDir));
  }
  if (str(flags, "index")) config.indexDir = path.resolve(str(flags, "index")!);
  const items = (await Promise.all(datasetFiles.map(readDataset))).flat();
  const baseline = str(flags, "baseline") ? await readBaseline(str(flags, "baseline")!) : undefined;

  // The index is brought up to date first (a no-op when nothing changed).
  process.stderr.write(summarize(await runIngest(config)) + "\n");
  const qa = await Qa.open(config);
  try {
    if (flags.calibrate) {
      process.stdout.write(formatCalibration(await calibrate(qa, items, config.corpusDir)) + "\n");
      return;
    }
    const bar = progressBar("evaluating");
    const report = await evaluate(qa, items, {
      retrievers,
      corpusDir: config.corpusDir,
      dataset: datasetFiles.map((f) => path.relative(process.cwd(), f)).join(","),
      ask: fusion ? { retrieval: { fusion: fusion as "weighted" | "rrf" } } : undefined,
      answerers,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.done();
    process.stdout.write(`${items.length} questions from ${report.dataset}\n${modelsNote(report)}\n\n${markdownReport(report, baseline)}\n`);
    // Parallel datasets (eval/xquad/dataset.jsonl,eval/xquad/dataset.zh.jsonl): both and their ratio.
    for (const [key, r] of Object.entries(report.retrievers)) {
      const c = crossLanguage(r.questions);
      if (c) process.stdout.write(`${key}: ${formatCrossLanguage(c)}\n`);
    }
    const out = str(flags, "out");
    if (out) {
      await mkdir(path.dirname(path.resolve(out)), { recursive: true });
      await writeFile(out, JSON.stringify(report, null, 1));
      process.stderr.write(`full report: ${out}\n`);
    }
  } finally {
    await qa.close();
  }
}

// Imports all name their corpus folder "corpus": the index name keeps the parent folder and a
// hash of the full path so two corpora never share an index.
function indexNameFor(corpusDir: string): string {
  const hash = createHash("sha256").update(corpusDir).digest("hex").slice(0, 8);
  return `${path.basename(path.dirname(corpusDir))}-${path.basename(corpusDir)}-${hash}`;
}

async function readBaseline(file: string): Promise<EvalReport> {
  try {
    const r = JSON.parse(await readFile(file, "utf8")) as EvalReport;
    if (!r.retrievers) throw new Error("no retrievers");
    return r;
  } catch {
    throw new UsageError(`--baseline ${file} is not a JSON report written by npm run eval -- --out`);
  }
}

main().catch((err) => fail(err, undefined, USAGE));
