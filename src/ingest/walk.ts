// Lists the corpus: every file under the folder, following symlinks once (loops are cut),
// dotfiles and dot-folders left out. Paths come back relative, with forward slashes.
// A symlink whose real target lies outside the corpus folder is skipped unless the operator
// asked for it: a corpus synced from git or a shared drive must not pull in /etc/passwd.
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

export interface CorpusEntry {
  /** Path relative to the corpus folder, with forward slashes: the citation `source`. */
  source: string;
  absPath: string;
}

export interface WalkSkip {
  source: string;
  reason: string;
}

export interface WalkOptions {
  /** Follow symlinks whose target is outside the corpus folder (FOLLOW_SYMLINKS=outside). */
  followOutside?: boolean;
}

export const OUTSIDE_LINK_REASON = "symlink points outside the corpus folder (FOLLOW_SYMLINKS=outside follows it)";

export async function walkCorpus(root: string, opts: WalkOptions = {}): Promise<{ files: CorpusEntry[]; skipped: WalkSkip[] }> {
  const files: CorpusEntry[] = [];
  const skipped: WalkSkip[] = [];
  const seen = new Set<string>();
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  const inside = (real: string): boolean => {
    const r = path.relative(realRoot, real);
    return r === "" || (!r.startsWith("..") && !path.isAbsolute(r));
  };
  const visit = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const source = rel(root, dir);
      // The corpus folder itself, or a folder a symlink points at, is gone.
      skipped.push({ source: source || ".", reason: source ? (code === "ELOOP" ? "symlink loop" : "broken symlink") : `corpus folder not found (${code})` });
      return;
    }
    if (seen.has(real)) {
      skipped.push({ source: rel(root, dir), reason: "symlink loop (folder already visited)" });
      return;
    }
    seen.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      skipped.push({ source: rel(root, dir) || ".", reason: `folder unreadable (${(err as NodeJS.ErrnoException).code})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const abs = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = await stat(abs);
          isDir = s.isDirectory();
          isFile = s.isFile();
          if (!opts.followOutside && !inside(await realpath(abs))) {
            skipped.push({ source: rel(root, abs), reason: OUTSIDE_LINK_REASON });
            continue;
          }
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          skipped.push({ source: rel(root, abs), reason: code === "ELOOP" ? "symlink loop" : "broken symlink" });
          continue;
        }
      }
      if (isDir) await visit(abs);
      else if (isFile) files.push({ source: rel(root, abs), absPath: abs });
      // A FIFO would block the reader forever; sockets and devices hold no document either.
      else skipped.push({ source: rel(root, abs), reason: "not a regular file (pipe, socket or device)" });
    }
  };
  await visit(root);
  return { files, skipped };
}

function rel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join("/");
}
