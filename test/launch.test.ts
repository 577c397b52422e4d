// `npm start`, `npm run ingest|ask|eval` go through scripts/launch.mjs: the bundle in dist/ while
// it is newer than every source file, the TypeScript through tsx otherwise. An out-of-date
// bundle must never run, and the bundle must answer exactly as the source does.
import { mkdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_STAMP, compiledEntry, ENTRIES } from "../scripts/compiled-entry.mjs";
import { PLAN_CORPUS } from "./helpers/plan-qa.js";
import { ROOT, run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

describe("which file a command runs", () => {
  let root: string;
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const stamp = () => path.join(root, BUILD_STAMP);

  beforeAll(async () => {
    root = await tempDir();
    await mkdir(path.join(root, "src/deep"), { recursive: true });
    await mkdir(path.join(root, "scripts"));
    await mkdir(path.join(root, "dist"));
    for (const f of ["src/main.ts", "src/deep/util.ts", "scripts/ask.ts", "package.json"]) {
      await writeFile(path.join(root, f), "");
      await utimes(path.join(root, f), at(0), at(0));
    }
    await writeFile(path.join(root, "dist/main.mjs"), "");
  });

  it("runs the bundle when the build is newer than every source, and tsx when any source is newer", async () => {
    expect(compiledEntry(root, "src/main.ts")).toBeUndefined(); // no stamp: never built to the end
    await writeFile(stamp(), "");
    await utimes(stamp(), at(10), at(10));
    expect(compiledEntry(root, "src/main.ts")).toBe(path.join(root, "dist/main.mjs"));
    expect(compiledEntry(root, "scripts/ask.ts")).toBeUndefined(); // no bundle of it

    await utimes(path.join(root, "src/deep/util.ts"), at(11), at(11)); // an edit deep in src/
    expect(compiledEntry(root, "src/main.ts")).toBeUndefined();
    await utimes(stamp(), at(12), at(12)); // rebuilt
    expect(compiledEntry(root, "src/main.ts")).toBeDefined();
    await utimes(path.join(root, "package.json"), at(13), at(13)); // a dependency changed
    expect(compiledEntry(root, "src/main.ts")).toBeUndefined();
  });
});

describe("the bundle", () => {
  it("is up to date for every command once the suite has started (test/global-setup.ts)", () => {
    for (const entry of ENTRIES) expect(compiledEntry(ROOT, entry), entry).toBeDefined();
  });

  it("answers exactly as the TypeScript does, and commands see their own arguments", async () => {
    const dir = await tempDir();
    const env = { CORPUS_DIR: PLAN_CORPUS, INDEX_DIR: path.join(dir, "index") };
    const ingest = await run("scripts/ingest.ts", ["--json"], { env });
    expect(ingest.stderr).toBe("");
    expect(JSON.parse(ingest.stdout)).toMatchObject({ documents: 1, embedded: expect.any(Number) });

    const question = "How many fintech companies does Beijing want by 2022?";
    const bundled = await run("scripts/ask.ts", ["--json", question], { env });
    const source = await run("scripts/ask.ts", ["--json", question], { env, command: path.join(ROOT, "node_modules/.bin/tsx") });
    expect(bundled.code).toBe(0);
    expect(source.code).toBe(0);
    const strip = (out: string) => {
      const { timings: _t, ...rest } = JSON.parse(out) as { timings: unknown };
      return rest;
    };
    expect(strip(bundled.stdout)).toEqual(strip(source.stdout));
    expect(strip(bundled.stdout)).toMatchObject({ abstained: false });

    const help = await run("scripts/eval.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run eval/);
  });
});
