// Which file to run for a TypeScript entry point: its bundle in dist/ when that build is newer
// than every source file, or nothing (the caller then runs the source through
// tsx). Plain JavaScript, because it decides whether tsx is needed at all.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Written by `npm run build` with the bundles; its time is the build's. */
export const BUILD_STAMP = path.join("dist", ".build-stamp");

/** The commands `npm run build` bundles (npm start, ingest, ask, eval). */
export const ENTRIES = ["src/main.ts", "scripts/ingest.ts", "scripts/ask.ts", "scripts/eval.ts"];

/** What a build is made from: a change to any of these makes dist/ out of date. */
const SOURCES = ["src", "scripts", "package.json", "package-lock.json"];

/** Newest modification time (ms) of any file under the sources, or 0 when there are none. */
export function newestSourceMs(root) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of SOURCES) visit(path.join(root, s));
  return newest;
}

/**
 * The bundle for `entry` ("src/main.ts" → "<root>/dist/main.mjs") when the build is up to date,
 * else undefined.
 */
export function compiledEntry(root, entry) {
  const js = path.join(root, "dist", `${path.basename(entry, ".ts")}.mjs`);
  const stamp = path.join(root, BUILD_STAMP);
  if (!existsSync(js) || !existsSync(stamp)) return undefined;
  return statSync(stamp).mtimeMs >= newestSourceMs(root) ? js : undefined;
}

/** Whether every command's bundle is up to date (else `npm run build` is due). */
export function bundleIsFresh(root) {
  return ENTRIES.every((entry) => compiledEntry(root, entry) !== undefined);
}
