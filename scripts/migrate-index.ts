// npm run migrate-index -- [--index DIR] [--json]
// Copies the folder index into Postgres (VECTOR_STORE=pgvector, PG_URL) without embedding again.
import path from "node:path";
import { parseArgs, str, UsageError } from "../src/cli/args.js";
import { fail } from "../src/cli/exit.js";
import { loadConfig } from "../src/config.js";
import { migrateFolderIndex } from "../src/index/migrate.js";

const USAGE = "usage: VECTOR_STORE=pgvector PG_URL=postgres://… npm run migrate-index -- [--index DIR] [--json]";

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), { values: ["index"], booleans: ["json"] });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const config = loadConfig();
  if (config.vectorStore.kind !== "pgvector") throw new UsageError("set VECTOR_STORE=pgvector and PG_URL: the folder index is copied there");
  if (str(flags, "index")) config.indexDir = path.resolve(str(flags, "index")!);
  const r = await migrateFolderIndex(config);
  if (flags.json) process.stdout.write(JSON.stringify(r) + "\n");
  else process.stdout.write(`Copied ${r.chunks} chunks from ${path.relative(process.cwd(), r.from) || "."} to ${r.to} in ${(r.ms / 1000).toFixed(1)} s\n`);
}

main().catch((err) => fail(err, undefined, USAGE));
