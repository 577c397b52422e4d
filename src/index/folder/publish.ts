// Atomic index updates. INDEX_DIR is a symlink to a versioned sibling folder; an ingest
// writes a new version beside it and swaps the symlink with one rename(2). A reader sees the
// old index or the new one, never a mix, and an ingest killed at any moment leaves the old
// one in place. The previous version is kept so a reader that just resolved it can finish.
import { lstat, mkdir, open, readdir, readFile, readlink, realpath, rename, rm, rmdir, symlink, unlink } from "node:fs/promises";
import path from "node:path";
import { IndexLockedError } from "../store.js";

function parts(indexDir: string) {
  const abs = path.resolve(indexDir);
  return { abs, parent: path.dirname(abs), base: path.basename(abs) };
}

/** The folder that currently holds the index (the symlink's target), or undefined. */
export async function currentVersion(indexDir: string): Promise<string | undefined> {
  try {
    return await realpath(indexDir);
  } catch {
    return undefined;
  }
}

/** Creates an empty staging folder for a new version, next to the index. */
export async function createStaging(indexDir: string): Promise<string> {
  const { parent, base } = parts(indexDir);
  await mkdir(parent, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").replace("Z", "");
  const dir = path.join(parent, `.${base}.v${stamp}-${process.pid}.tmp`);
  await mkdir(dir);
  return dir;
}

/** Makes the staged folder the index in one atomic step. */
export async function publish(indexDir: string, staging: string): Promise<void> {
  const { abs, parent, base } = parts(indexDir);
  const final = staging.replace(/\.tmp$/, "");
  await rename(staging, final);
  await replaceRealFolder(abs, parent, base);
  const link = path.join(parent, `.${base}.link-${process.pid}`);
  await unlink(link).catch(() => undefined);
  await symlink(path.basename(final), link, "dir");
  await rename(link, abs);
}

// A plain folder at INDEX_DIR (an index from before symlinks, or one made by hand) cannot
// be replaced by rename(2); an empty one is removed, an old index moved aside once.
async function replaceRealFolder(abs: string, parent: string, base: string): Promise<void> {
  let info;
  try {
    info = await lstat(abs);
  } catch {
    return;
  }
  if (info.isSymbolicLink()) return;
  if (!info.isDirectory()) throw new Error(`${abs} exists and is not a folder; move it away or set INDEX_DIR elsewhere`);
  const entries = await readdir(abs);
  if (entries.length === 0) {
    await rmdir(abs);
    return;
  }
  if (!entries.includes("manifest.json")) {
    throw new Error(`${abs} is a folder that does not hold a planbot index; refusing to replace it (set INDEX_DIR elsewhere)`);
  }
  await rename(abs, path.join(parent, `.${base}.vlegacy-${Date.now()}`));
}

/**
 * Deletes versions other than the current and the one before it, and staging folders left
 * by ingests that were killed. Callers hold the ingest lock, so no staging folder is live.
 */
export async function cleanup(indexDir: string, keepPrevious?: string): Promise<void> {
  const { parent, base } = parts(indexDir);
  const current = await currentVersion(indexDir);
  const keep = new Set([current, keepPrevious].filter(Boolean).map((p) => path.basename(p!)));
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  await Promise.all(entries.filter((e) => e.startsWith(prefix) && !keep.has(e) && /^\.[^/]+\.(v|link-)/.test(e)).map((e) => rm(path.join(parent, e), { recursive: true, force: true })));
}

/** Takes the ingest lock for this index; a lock left by a dead process is taken over. */
export async function lockIndex(indexDir: string): Promise<() => Promise<void>> {
  const { abs, parent } = parts(indexDir);
  await mkdir(parent, { recursive: true });
  const file = `${abs}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, "wx");
      await fh.writeFile(String(process.pid));
      await fh.close();
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new IndexLockedError(`another ingest (pid ${pid}) is updating ${abs}; wait for it to finish`);
      }
      await unlink(file).catch(() => undefined);
    }
  }
  throw new IndexLockedError(`could not take the ingest lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Where the symlink points, for messages and tests. */
export async function linkTarget(indexDir: string): Promise<string | undefined> {
  return readlink(indexDir).catch(() => undefined);
}
