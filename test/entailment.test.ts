// The LLM citation check on claims written for it (test/fixtures/claims.json): paraphrases a
// passage supports, claims it contradicts, and facts or instructions it does not hold, about
// the plan article and about Wikipedia paragraphs, so the threshold is not fitted to one text.
// Each claim goes through checkReply as a model reply citing its passage as [1].
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkReply, type DocumentText } from "../src/answer/check-citations.js";
import { sentenceRanges } from "../src/text/sentences.js";
import type { Passage } from "../src/types.js";
import { PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";

interface Claim {
  passage: string;
  label: "supported" | "contradicted" | "unsupported";
  claim: string;
}
const set = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "claims.json"), "utf8")) as {
  passages: Record<string, string>;
  claims: Claim[];
};

function check(claim: Claim) {
  const text = set.passages[claim.passage]!;
  const docs: DocumentText = { document: () => text, sentences: () => sentenceRanges(text) };
  const passage: Passage = { chunk: { id: claim.passage, source: `${claim.passage}.txt`, start: 0, end: text.length, text }, score: 1 };
  return checkReply(claim.claim, [passage], docs);
}

describe("entailment check on written claims", () => {
  it("the plan passages are exact text of the article", () => {
    const plan = readFileSync(path.join(PLAN_CORPUS, PLAN_DOC), "utf8");
    for (const [id, text] of Object.entries(set.passages)) if (id.startsWith("plan-")) expect(plan.includes(text), id).toBe(true);
    expect(set.claims.length).toBeGreaterThanOrEqual(60);
  });

  // precision: of the claims dropped, the share that were contradicted or unsupported;
  // recall: of the contradicted and unsupported claims, the share dropped.
  it("drops contradicted and unsupported claims (precision and recall >= 0.95) and keeps >= 0.9 of supported ones", () => {
    const wrong: string[] = [];
    let rejected = 0;
    let rejectedAll = 0;
    let supported = 0;
    let kept = 0;
    for (const c of set.claims) {
      const isKept = check(c).kept === 1;
      if (c.label === "supported") {
        supported++;
        if (isKept) kept++;
      } else if (!isKept) rejected++;
      if (!isKept) rejectedAll++;
      if (isKept !== (c.label === "supported")) wrong.push(`${c.label}: ${c.claim}`);
    }
    const precision = rejected / rejectedAll;
    const recall = rejected / (set.claims.length - supported);
    const keptShare = kept / supported;
    console.log(
      `claim check on ${set.claims.length} claims: rejection precision ${precision.toFixed(3)}, ` +
        `rejection recall ${recall.toFixed(3)}, supported kept ${keptShare.toFixed(3)}` +
        (wrong.length ? `\n  misjudged:\n  ${wrong.join("\n  ")}` : ""),
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(keptShare).toBeGreaterThanOrEqual(0.9);
  });

  it("drops the issue's example, and marks it contradicted", () => {
    const r = check({ passage: "plan-aims", label: "contradicted", claim: "Beijing cancelled the fintech plan and will not create any innovation clusters [1]." });
    expect(r.kept).toBe(0);
    expect(r.dropped[0]!.why).toBe("contradicted");
  });
});
