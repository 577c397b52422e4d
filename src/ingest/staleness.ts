// Whether the index must be (re)built before serving: missing, unreadable, or older than the
// corpus (a file added, removed or modified since the manifest was written).
import { stat } from "node:fs/promises";
import { walkCorpus } from "./walk.js";
import type { IndexStore } from "../index/store.js";

export async function indexIsStale(
  corpusDir: string,
  store: IndexStore,
  /** A replica serving a shared index (Postgres) may have no corpus of its own. */
  opts: { corpusOptional?: boolean; followSymlinksOutside?: boolean } = {},
): Promise<string | undefined> {
  let manifest;
  try {
    manifest = await store.manifest();
  } catch (err) {
    return (err as Error).message;
  }
  if (!manifest) return "no index yet";
  if (opts.corpusOptional && !(await stat(corpusDir).catch(() => undefined))) return undefined;
  const built = Date.parse(manifest.createdAt);
  const { files, skipped } = await walkCorpus(corpusDir, { followOutside: opts.followSymlinksOutside });
  const known = new Set([...Object.keys(manifest.files), ...manifest.skipped.map((s) => s.source)]);
  // What the walk skipped (broken symlinks, loops, pipes) is in the manifest's skip list too.
  const now = new Set([...files.map((f) => f.source), ...skipped.map((s) => s.source)]);
  if (now.size !== known.size || [...now].some((s) => !known.has(s))) return "the corpus has new or removed files";
  for (const f of files) {
    const info = await stat(f.absPath).catch(() => undefined);
    if (!info || info.mtimeMs > built) return `${f.source} changed`;
  }
  return undefined;
}
