// Which index version is published now, read cheaply enough to ask every second: the folder the
// INDEX_DIR symlink points at, or the version in Postgres's pointer row. And the id of a version
// already opened, in the same terms, so the two compare.
import path from "node:path";
import type { Config } from "../config.js";
import type { LoadedIndex } from "./loaded-index.js";
import { currentVersion } from "./folder/publish.js";

export type PublishedVersion = () => Promise<string | undefined>;

export async function publishedVersion(config: Pick<Config, "indexDir" | "vectorStore">): Promise<PublishedVersion> {
  const s = config.vectorStore;
  if (s.kind !== "pgvector") {
    return async () => {
      const dir = await currentVersion(config.indexDir);
      return dir === undefined ? undefined : folderVersionId(dir);
    };
  }
  const { pgPublishedVersion } = await import("./pg/published-version.js");
  return () => pgPublishedVersion(s.url, s.tablePrefix, s);
}

/** The id of an opened index: its Postgres version number, or its version folder's name. */
export function servedVersionId(index: LoadedIndex): string {
  const pg = / version (\d+)$/.exec(index.where);
  return pg ? pg[1]! : folderVersionId(index.where);
}

/** ".index.v20261204-181500123-4242" → "v20261204-181500123-4242" (a legacy plain folder keeps its name). */
function folderVersionId(dir: string): string {
  const name = path.basename(dir);
  return /^\.[^.]+\.(v.+)$/.exec(name)?.[1] ?? name;
}
