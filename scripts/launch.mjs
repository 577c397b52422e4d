// node scripts/launch.mjs ENTRY.ts [args…]: runs one of planbot's commands in this process.
// `npm ci` bundles the commands into dist/ (the prepare script, scripts/build.mjs); a bundle
// starts about a second sooner than the same modules compiled by tsx on the way in, which a
// command that answers one question and exits feels. When a source file is newer than that build
// (an edit, a checkout), the source runs through tsx instead, so an out-of-date build never runs.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compiledEntry } from "./compiled-entry.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = process.argv[2];
if (!entry) {
  process.stderr.write("usage: node scripts/launch.mjs ENTRY.ts [args…]\n");
  process.exit(2);
}
const compiled = compiledEntry(root, entry);
const target = compiled ?? path.resolve(root, entry);
if (!compiled) {
  const { register } = await import("tsx/esm/api");
  register();
}
// The command sees its own path and arguments, as if node had started it directly.
process.argv.splice(1, 2, target);
await import(pathToFileURL(target).href);
