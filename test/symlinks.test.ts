// The corpus walker never leaves CORPUS_DIR unless the operator says so: a symlink to a host
// file or folder (ln -s /etc/passwd corpus/passwd.txt) is skipped with a reason; links that
// stay inside the corpus keep working; FOLLOW_SYMLINKS=outside follows them all.
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { walkCorpus } from "../src/ingest/walk.js";
import { tempDir } from "./helpers/tmp.js";

let corpus: string;

beforeAll(async () => {
  const root = await tempDir("planbot-symlinks-");
  corpus = path.join(root, "corpus");
  const outside = path.join(root, "private");
  await mkdir(path.join(corpus, "docs"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(outside, "id_rsa.txt"), "-----BEGIN PRIVATE KEY-----\n");
  await writeFile(path.join(corpus, "docs", "plan.txt"), "The plan.\n");
  await symlink(path.join(outside, "id_rsa.txt"), path.join(corpus, "key.txt")); // a file outside
  await symlink(outside, path.join(corpus, "private")); // a folder outside
  await symlink("../private/id_rsa.txt", path.join(corpus, "docs", "relative.txt")); // relative, still outside
  await symlink("/etc/passwd", path.join(corpus, "passwd.txt"));
  await symlink("docs/plan.txt", path.join(corpus, "plan-link.txt")); // inside
  await mkdir(path.join(corpus, "shared"));
  await writeFile(path.join(corpus, "shared", "notes.txt"), "Notes.\n");
  await symlink("../shared", path.join(corpus, "docs", "shared-link")); // a folder inside (visited once)
});

describe("symlinks and CORPUS_DIR", () => {
  it("skips every link that leads outside, with a one-line reason, and keeps links inside", async () => {
    const { files, skipped } = await walkCorpus(corpus);
    expect(files.map((f) => f.source).sort()).toEqual(["docs/plan.txt", "docs/shared-link/notes.txt", "plan-link.txt"]);
    const reasons = Object.fromEntries(skipped.map((s) => [s.source, s.reason]));
    for (const link of ["key.txt", "private", "docs/relative.txt", "passwd.txt"]) {
      expect(reasons[link], link).toMatch(/^symlink points outside the corpus folder \(FOLLOW_SYMLINKS=outside follows it\)$/);
    }
  });

  it("follows them with FOLLOW_SYMLINKS=outside", async () => {
    const { files } = await walkCorpus(corpus, { followOutside: true });
    expect(files.map((f) => f.source)).toEqual(expect.arrayContaining(["key.txt", "private/id_rsa.txt", "docs/relative.txt", "passwd.txt"]));
  });

  it("reads FOLLOW_SYMLINKS in the config: inside by default, a clear error for anything else", () => {
    expect(loadConfig({}, corpus).followSymlinksOutside).toBe(false);
    expect(loadConfig({ FOLLOW_SYMLINKS: "outside" }, corpus).followSymlinksOutside).toBe(true);
    expect(() => loadConfig({ FOLLOW_SYMLINKS: "yes" }, corpus)).toThrow(ConfigError);
    expect(() => loadConfig({ FOLLOW_SYMLINKS: "yes" }, corpus)).toThrow(/FOLLOW_SYMLINKS: expected one of inside, outside/);
  });
});
