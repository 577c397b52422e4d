// npm run build (also run by `npm ci`, as the prepare script): bundles each command with the
// code it imports into dist/, so a command starts without resolving and compiling hundreds of
// modules one by one (LangChain alone is several hundred files). A question answered by
// `npm run ask` from the bundle starts about 0.4 s sooner than from compiled files, and a second
// sooner than through tsx. Types are checked by `npm test` (tsc), not here. `npm test` builds
// first, so the commands its tests spawn run the current code; after an edit, `npm run build`
// (or `npm run dev`, which runs the TypeScript through tsx).
// Kept out of the bundle: native addons, the model package (its wasm files sit beside its code),
// and packages loaded only on request.
import { copyFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { writeCompact } from "../src/text/chinese/cedict-compact.mjs";

/** The commands npm runs from the bundle: npm start, npm run ingest|ask|eval (package.json). */
const ENTRIES = ["src/main.ts", "scripts/ingest.ts", "scripts/ask.ts", "scripts/eval.ts"];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist");
const next = path.join(root, `.dist-${process.pid}-${Math.random().toString(36).slice(2)}`);

await rm(next, { recursive: true, force: true });
try {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [path.basename(e, ".ts"), e])),
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: next,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunk-[hash]",
    external: ["hnswlib-node", "@energetic-ai/*", "pdfjs-dist", "pg-native"],
    // Bundled CommonJS packages call require(); ES modules have none of their own.
    banner: { js: "import { createRequire as __planbotRequire } from 'node:module'; const require = __planbotRequire(import.meta.url);" },
    logLevel: "warning",
  });
  // Every bundled file sits in dist/ itself, so the worker pool finds its worker beside it, as
  // it does beside src/embeddings/worker-pool.ts.
  await copyFile(path.join(root, "src/embeddings/embed-worker.mjs"), path.join(next, "embed-worker.mjs"));
  // CC-CEDICT in the form the first Chinese question reads fast (src/text/chinese/cedict-compact.mjs).
  writeCompact();
  // Swapped in whole: a command started meanwhile runs the old build or the new one, never half.
  await rm(out, { recursive: true, force: true });
  await rename(next, out);
} catch (err) {
  await rm(next, { recursive: true, force: true });
  throw err;
}
