// IngestRunner: one ingest at a time; requests made while one runs share the next one, which
// starts after them (so it sees their files); a force request is not lost when it joins.
import { describe, expect, it } from "vitest";
import { IngestRunner } from "../src/ingest/ingest-runner.js";
import type { IngestReport } from "../src/ingest/pipeline.js";

function report(n: number): IngestReport {
  return { documents: n, chunks: n, embedded: 0, reused: 0, skipped: [], where: "x", upToDate: false, ms: 0 };
}

describe("IngestRunner", () => {
  it("never runs two at once, coalesces waiting requests, keeps force, survives a failure", async () => {
    const started: Array<{ force: boolean }> = [];
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const runner = new IngestRunner(async (opts) => {
      started.push(opts);
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => gates.push(r));
      running--;
      if (started.length === 2) throw new Error("disk full");
      return report(started.length);
    });
    const first = runner.run();
    await new Promise((r) => setImmediate(r));
    // Three requests while the first runs: one more ingest for all of them, forced.
    const a = runner.run();
    const b = runner.run({ force: true });
    const c = runner.run();
    expect(a).toBe(b);
    expect(b).toBe(c);
    gates.shift()!();
    expect((await first).documents).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([{ force: false }, { force: true }]);
    gates.shift()!();
    await expect(a).rejects.toThrow("disk full");
    // The next request runs although the previous failed.
    const d = runner.run();
    await new Promise((r) => setImmediate(r));
    gates.shift()!();
    expect((await d).documents).toBe(3);
    await runner.idle();
    expect(most).toBe(1);
  });
});
