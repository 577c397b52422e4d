// npm run bench -- [--out FILE] [--full] [--sizes 10000,100000,1000000] [--rows ingest,latency,hnsw,startup,load,stores,process]
//                  [--quick] [--synthetic N] [--synthetic-ef-construction N] [--workers N] [--hnsw-grid M:efC,…] [--ef LIST] [--repeat N] [--queries N] [--keep] [--work DIR]
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { renderReport } from "../bench/report.js";
import { ROWS, type RowName } from "../bench/result.js";
import { runBench, type BenchOptions } from "../bench/run.js";

const USAGE = `usage: npm run bench -- [--out FILE] [--full] [--sizes 10000,100000,1000000] [--rows ${ROWS.join(",")}]
                      [--quick] [--synthetic N] [--synthetic-ef-construction N] [--workers N] [--hnsw-grid M:efC,…] [--ef LIST] [--repeat N] [--queries N] [--keep] [--work DIR]
  --out FILE     also write every raw figure as JSON
  --full         add the 1M-vector HNSW row (a long build, about 2 GB of vectors) and measure its graph's start-up
  --sizes LIST   HNSW sizes to run, all of them even when slow (default 10000,100000)
  --rows LIST    only these rows
  --quick        small sizes everywhere (a smoke run of a minute or two; figures are not meaningful)
  --synthetic N  chunks of the synthetic index for latency and start-up (default 100000)
  --synthetic-ef-construction N
                 build the synthetic index with this efConstruction (default: the shipped one), e.g. 32 to
                 measure a 1M-chunk index's start-up memory in minutes; its recall is then not the shipped one
  --hnsw-grid    build each M:efConstruction pair at every size (for choosing DEFAULT_HNSW)
  --ef LIST      efSearch values of the HNSW sweep (the shipped one is always added)
  --repeat N     rounds of the ingest runs, best round reported (other load on a shared machine only slows a run)`;

function ints(value: string | undefined, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  const out = value.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (out.some((n) => !Number.isInteger(n) || n <= 0)) throw new UsageError(`--${name} wants positive whole numbers, comma-separated`);
  return out;
}

function int(value: string | undefined, name: string): number | undefined {
  return ints(value, name)?.[0];
}

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), {
    values: ["out", "sizes", "rows", "synthetic", "synthetic-ef-construction", "workers", "hnsw-grid", "ef", "queries", "repeat", "work"],
    booleans: ["full", "quick", "keep"],
  });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const rows = (str(flags, "rows") ?? ROWS.join(",")).split(",").map((s) => s.trim()) as RowName[];
  for (const r of rows) if (!ROWS.includes(r)) throw new UsageError(`unknown row "${r}" (use ${ROWS.join(", ")})`);
  const grid = str(flags, "hnsw-grid")
    ?.split(",")
    .map((pair) => {
      const [M, efConstruction] = pair.split(":").map(Number);
      if (!Number.isInteger(M) || !Number.isInteger(efConstruction) || M! < 2 || efConstruction! < 1) {
        throw new UsageError(`--hnsw-grid wants M:efConstruction pairs such as 16:200,32:200`);
      }
      return { M: M!, efConstruction: efConstruction! };
    });

  const quick = flags.quick === true;
  const sizes = ints(str(flags, "sizes"), "sizes");
  const opts: BenchOptions = {
    rows,
    workers: int(str(flags, "workers"), "workers"),
    ingestRepeat: int(str(flags, "repeat"), "repeat"),
    syntheticChunks: int(str(flags, "synthetic"), "synthetic") ?? (quick ? 5000 : undefined),
    syntheticEfConstruction: int(str(flags, "synthetic-ef-construction"), "synthetic-ef-construction"),
    hnswSizes: sizes ?? (quick ? [2000, 5000] : flags.full ? [10_000, 100_000, 1_000_000] : undefined),
    hnswForced: sizes ?? (flags.full ? [1_000_000] : undefined),
    hnswGraphs: grid,
    efSweep: ints(str(flags, "ef"), "ef"),
    hnswQueries: int(str(flags, "queries"), "queries") ?? (quick ? 50 : undefined),
    limitContexts: quick ? 12 : undefined,
    fallbackChunks: quick ? 150 : undefined,
    latencyQuestions: quick ? 30 : undefined,
    loadQuestions: quick ? 40 : undefined,
    processQuestions: quick ? 2 : undefined,
    workDir: str(flags, "work") ? path.resolve(str(flags, "work")!) : undefined,
    keep: flags.keep === true,
    log: (line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`),
  };
  if (quick && opts.syntheticChunks && !sizes) opts.hnswSizes = [2000, opts.syntheticChunks];

  const result = await runBench(opts);
  process.stdout.write(renderReport(result));
  const out = str(flags, "out");
  if (out) {
    await mkdir(path.dirname(path.resolve(out)), { recursive: true });
    await writeFile(out, JSON.stringify(result, null, 1) + "\n");
    process.stderr.write(`raw figures: ${out}\n`);
  }
}

main().catch((err) => {
  if (!(err instanceof UsageError) && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  fail(err, undefined, USAGE);
});
