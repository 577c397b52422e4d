// The ingest `npm start` runs before serving, in a child process with a heap limit: a document
// that blows up a parser (a decompression bomb the loaders' limits miss, a pathological file)
// kills that child, not the bot, and the previous index keeps answering. The child is
// `npm run ingest -- --json` as the operator would run it, with the same environment.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import { IndexLockedError } from "../index/store.js";
import type { IngestReport } from "./pipeline.js";
import { IngestProcessError } from "../errors.js";

/** The child's last words on stdout with --json: its report, or that it failed (and why, coarsely). */
type ChildResult = IngestReport | { failed: true; locked: boolean };

// Where it was always imported from; the class lives with the others in errors.ts.
export { IngestProcessError };

export async function runIngestProcess(config: Config, opts: { force?: boolean } = {}): Promise<IngestReport> {
  const heap = config.ingestMemoryMb ? [`--max-old-space-size=${config.ingestMemoryMb}`] : [];
  const child = spawn(process.execPath, [...heap, ...ingestCommand(), "--json", ...(opts.force ? ["--force"] : [])], {
    cwd: process.cwd(),
    env: process.env,
    // Progress and the child's own error line go straight to our stderr.
    stdio: ["ignore", "pipe", "inherit"],
  });
  // A bot stopped during start-up takes its ingest with it.
  const killChild = () => child.kill("SIGTERM");
  process.once("exit", killChild);
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (s: string) => (out += s));
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (c, s) => resolve([c, s]));
    });
    const last = out.trim().split("\n").pop() ?? "";
    let result: ChildResult | undefined;
    try {
      result = JSON.parse(last) as ChildResult;
    } catch {
      result = undefined;
    }
    if (code === 0 && result && !("failed" in result)) return result;
    if (result && "failed" in result && result.locked) throw new IndexLockedError("another ingest is updating the index");
    // V8 aborts (SIGABRT, or 134 through a shell) when the heap limit is reached.
    const how = signal === "SIGABRT" || code === 134 ? "ran out of memory or crashed" : signal ? `was killed by ${signal}` : `exited with code ${code}`;
    throw new IngestProcessError(`the ingest process ${how}${heap.length ? ` (heap limit ${config.ingestMemoryMb} MB, INGEST_MEMORY_MB)` : ""}`);
  } finally {
    process.off("exit", killChild);
  }
}

/**
 * The ingest command in the form this code runs in: from the bundle (npm start), the ingest
 * bundle beside it in dist/; from the TypeScript (npm run dev), scripts/ingest.ts through tsx.
 */
function ingestCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".mjs")) return [path.join(path.dirname(here), "ingest.mjs")];
  return ["--import", import.meta.resolve("tsx"), path.resolve(path.dirname(here), "../../scripts/ingest.ts")];
}
