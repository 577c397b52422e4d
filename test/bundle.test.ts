// `npm start`, `npm run ingest|ask|eval` run the bundle in dist/ (npm run build, run by `npm ci`
// and first by `npm test`); `npm run dev` runs the TypeScript through tsx. Both must answer alike.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_CORPUS } from "./helpers/plan-qa.js";
import { ROOT, run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

describe("the bundle", () => {
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
