// Whether the index must be (re)built before serving: missing, unreadable, or older than the
// corpus (a file added, removed or modified since the manifest was written).
import { stat } from "node:fs/promises";
import { walkCorpus } from "../ingest/walk.js";
import { readManifest } from "./index-folder.js";
import { currentVersion } from "./publish.js";

export async function indexIsStale(corpusDir: string, indexDir: string): Promise<string | undefined> {
  const dir = await currentVersion(indexDir);
  if (!dir) return "no index yet";
  let manifest;
  try {
    manifest = await readManifest(dir);
  } catch (err) {
    return (err as Error).message;
  }
  const built = Date.parse(manifest.createdAt);
  const { files } = await walkCorpus(corpusDir);
  const known = new Set([...Object.keys(manifest.files), ...manifest.skipped.map((s) => s.source)]);
  if (files.length !== known.size || files.some((f) => !known.has(f.source))) return "the corpus has new or removed files";
  for (const f of files) {
    const info = await stat(f.absPath).catch(() => undefined);
    if (!info || info.mtimeMs > built) return `${f.source} changed`;
  }
  return undefined;
}
