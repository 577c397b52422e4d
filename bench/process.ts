// Whole commands timed from outside, the way a user or a checker times them: `npm run ask` and
// `npm run ingest` as fresh processes (node dist/ask.mjs and dist/ingest.mjs, the bundles)
// against a bare process that loads the model and embeds the same inputs
// (bench/bare-model.mjs). Process start, module loading, model and index loading all count.
// Ours and bare alternate, so both see the same load on the machine; the best round is kept.
import { spawn } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readIndexContents } from "../src/index/folder/index-folder.js";
import { currentVersion } from "../src/index/folder/publish.js";
import { embeddingBatches } from "../src/ingest/pipeline.js";
import { embeddingText } from "../src/ingest/splitter.js";
import { LocalEmbeddings } from "../src/embeddings/local.js";
import { REPO_ROOT } from "./corpus.js";
import { ratio, summarize, type Summary } from "./stats.js";

const BARE = path.join(path.dirname(fileURLToPath(import.meta.url)), "bare-model.mjs");
const ASK = path.join(REPO_ROOT, "dist/ask.mjs");
const INGEST = path.join(REPO_ROOT, "dist/ingest.mjs");
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

export interface ProcessResult {
  question: {
    corpus: string;
    questions: number;
    /** `node dist/ask.mjs --json Q`: what `npm run ask` runs. */
    ours: Summary;
    /** The same command from the TypeScript through tsx (no bundle). */
    tsx: Summary;
    /** `node bare-model.mjs --question Q`. */
    bare: Summary;
    ratios: {
      /** (ours − bare) ÷ bare, p50: what a question costs beyond loading the model and embedding it. */
      beyondP50VsBareP50: number | null;
      tsxBeyondP50VsBareP50: number | null;
    };
  };
  ingest: {
    corpus: string;
    chunks: number;
    workers: number;
    cores: number;
    rounds: number;
    /** Wall time of `node dist/ingest.mjs` on a fresh index folder. */
    oursMs: number;
    /** Wall time of the bare model embedding the same texts, in the calls one thread of the pipeline makes. */
    bareMs: number;
    oursChunksPerSec: number;
    bareChunksPerSec: number;
    ratios: {
      vsBare: number | null;
      /** Ours per core used ÷ bare (one thread). */
      perCoreVsBare: number | null;
    };
  };
}

export interface ProcessOptions {
  plan: { corpusDir: string; indexDir: string; questions: string[] };
  large: { name: string; corpusDir: string };
  workDir: string;
  workers: number;
  cores: number;
  rounds?: number;
  log?: (line: string) => void;
}

/** Environment of a timed command: the local model, no LLM, no platform, no Redis or Postgres. */
function commandEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", ...extra };
  for (const name of ["TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "REDIS_URL", "LLM", "EMBEDDINGS", "VECTOR_STORE", "PG_URL"]) {
    delete env[name];
  }
  return env;
}

/** Runs a command to its end and returns its wall time; a failure is an error naming it. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve(ms);
      else reject(new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1, 2).join(" ")} exited with ${code}: ${stderr.trim().slice(0, 500)}`));
    });
  });
}

export async function benchProcess(opts: ProcessOptions): Promise<ProcessResult> {
  const log = opts.log ?? (() => {});
  const rounds = Math.max(1, opts.rounds ?? 1);
  // The row times what `npm run` runs, the bundle, built from the code as it is now.
  log("process: building the bundle (npm run build)");
  await timed(process.execPath, [path.join(REPO_ROOT, "scripts/build.mjs")], process.env);

  // One question per process, ours / tsx / bare in turn.
  const askEnv = commandEnv({ CORPUS_DIR: opts.plan.corpusDir, INDEX_DIR: opts.plan.indexDir });
  const ours: number[] = [];
  const viaTsx: number[] = [];
  const bare: number[] = [];
  log(`process: ${opts.plan.questions.length} questions, one process each (ours, through tsx, bare model)`);
  for (const q of opts.plan.questions) {
    ours.push(await timed(process.execPath, [ASK, "--json", q], askEnv));
    viaTsx.push(await timed(TSX, ["scripts/ask.ts", "--json", q], askEnv));
    bare.push(await timed(process.execPath, [BARE, "--question", q], askEnv));
  }
  const o = summarize(ours);
  const t = summarize(viaTsx);
  const b = summarize(bare);

  // Ingest of the large corpus into a fresh folder, against the bare model on its chunk texts.
  const ingestEnv = commandEnv({ EMBED_WORKERS: String(opts.workers) });
  const indexDir = (round: number) => path.join(opts.workDir, `process-ingest-${round}`, "index");
  const callsFile = path.join(opts.workDir, "process-calls.json");
  let chunks = 0;
  let oursMs = Infinity;
  let bareMs = Infinity;
  for (let round = 0; round < rounds; round++) {
    log(`process: npm run ingest on the ${opts.large.name} corpus (round ${round + 1} of ${rounds})`);
    const dir = indexDir(round);
    oursMs = Math.min(oursMs, await timed(process.execPath, [INGEST, "--corpus", opts.large.corpusDir, "--index", dir, "--json"], ingestEnv));
    if (round === 0) {
      const texts = (await readIndexContents((await currentVersion(dir))!)).chunks.map(embeddingText);
      chunks = texts.length;
      const local = new LocalEmbeddings({ workers: 0 });
      const calls = embeddingBatches(
        texts.map((_, i) => i),
        (i) => texts[i]!.length,
        local.parallelism,
        local.batchSize,
      );
      await writeFile(callsFile, JSON.stringify(calls.map((c) => c.map((i) => texts[i]!))));
    }
    await rm(path.dirname(dir), { recursive: true, force: true });
    log(`process: bare model on the same ${chunks} texts (round ${round + 1} of ${rounds})`);
    bareMs = Math.min(bareMs, await timed(process.execPath, [BARE, "--calls", callsFile], ingestEnv));
  }
  const oursRate = (chunks * 1000) / oursMs;
  const bareRate = (chunks * 1000) / bareMs;
  const perCore = Math.max(1, Math.min(opts.workers, opts.cores));
  return {
    question: {
      corpus: "plan",
      questions: opts.plan.questions.length,
      ours: o,
      tsx: t,
      bare: b,
      ratios: { beyondP50VsBareP50: ratio(o.p50 - b.p50, b.p50), tsxBeyondP50VsBareP50: ratio(t.p50 - b.p50, b.p50) },
    },
    ingest: {
      corpus: opts.large.name,
      chunks,
      workers: opts.workers,
      cores: opts.cores,
      rounds,
      oursMs,
      bareMs,
      oursChunksPerSec: oursRate,
      bareChunksPerSec: bareRate,
      ratios: { vsBare: ratio(oursRate, bareRate), perCoreVsBare: ratio(oursRate / perCore, bareRate) },
    },
  };
}
