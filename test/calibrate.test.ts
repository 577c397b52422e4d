// Calibration tries settings through the function the service answers with: what it reports for
// the settings it picks is what the service then does with them.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_EXTRACTIVE } from "../src/answer/extractive.js";
import { calibrate } from "../tools/calibrate.js";
import { readDataset } from "../src/eval/dataset.js";
import { planQa, PLAN_CORPUS } from "./helpers/plan-qa.js";
import { ROOT } from "./helpers/run.js";

describe("npm run eval -- --calibrate", () => {
  it("reports the abstentions the service makes with the settings it picks", async () => {
    const qa = await planQa();
    const plan = await readDataset(path.join(ROOT, "eval/plan.jsonl"));
    const chat = await readDataset(path.join(ROOT, "eval/plan-chat.jsonl"));
    const overview = await readDataset(path.join(ROOT, "eval/plan-overview.jsonl"));
    // Answerable and unanswerable plan questions, a greeting and an overview (never abstained).
    const items = [...plan.filter((i) => i.answerable).slice(0, 6), ...plan.filter((i) => !i.answerable).slice(0, 4), chat[0]!, overview[0]!];
    const c = await calibrate(qa, items, PLAN_CORPUS);
    expect(c.questions).toBe(items.length - 1);

    const extractive = {
      ...DEFAULT_EXTRACTIVE,
      coverageWeight: c.extractive.coverageWeight,
      secondRatio: c.extractive.secondRatio,
      abstention: { ...DEFAULT_EXTRACTIVE.abstention, ...c.abstention },
    };
    let tp = 0;
    let abstained = 0;
    for (const item of items.filter((i) => i.kind !== "chat")) {
      const answer = await qa.ask(item.question, { answerer: "extractive", retrieval: { denseWeight: c.retrieval.denseWeight }, extractive });
      if (answer.abstained) abstained++;
      if (answer.abstained && !item.answerable) tp++;
    }
    const unanswerable = items.filter((i) => !i.answerable && i.kind !== "chat").length;
    expect(c.recall).toBeCloseTo(tp / unanswerable, 10);
    expect(c.precision).toBeCloseTo(abstained ? tp / abstained : 0, 10);
  }, 120_000);
});
