// The citation check on model replies, without any model: sentences, markers, renumbering,
// refusals, and what streaming may show before the reply is complete.
import { describe, expect, it } from "vitest";
import { checkReply, numbersOf, supported, type DocumentText } from "../src/answer/check-citations.js";
import { answerUserText, NO_ANSWER_PHRASE, saysNoAnswer } from "../src/answer/prompt.js";
import { sentenceRanges } from "../src/text/sentences.js";
import type { Passage } from "../src/types.js";

const DOC =
  "Beijing wants five to ten renowned fintech companies by 2022. It also plans three to five innovation clusters. " +
  "The wealth management cluster will be in Tongzhou District. A security industry cluster goes to Fangshan District. " +
  "The plan has four general themes. The fourth is policy protection.";
const SOURCE = "plan.txt";
const docs: DocumentText = { document: (s) => (s === SOURCE ? DOC : undefined), sentences: () => sentenceRanges(DOC) };

/** Passages = chunks of DOC, each two sentences long, in the order given. */
function passage(firstSentence: string, score = 0.5): Passage {
  const ranges = sentenceRanges(DOC);
  const i = ranges.findIndex((r) => DOC.slice(r.start, r.end).startsWith(firstSentence));
  const start = ranges[i]!.start;
  const end = ranges[i + 1]!.end;
  return { chunk: { id: `c${i}`, source: SOURCE, start, end, text: DOC.slice(start, end) }, score };
}
const P = [passage("The wealth", 0.9), passage("Beijing wants", 0.8), passage("The plan has", 0.4)];

/** Every marker in the text points at a citation, and every citation is an exact slice. */
function expectConsistent(text: string, citations: { n: number; start: number; end: number; text: string }[]): void {
  const ns = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  for (const n of ns) expect(citations.some((c) => c.n === n)).toBe(true);
  citations.forEach((c, i) => {
    expect(c.n).toBe(i + 1);
    expect(DOC.slice(c.start, c.end)).toBe(c.text);
  });
}

describe("checkReply", () => {
  it("keeps cited sentences, cites the backing sentence inside the passage, renumbers by first use", () => {
    const r = checkReply("Beijing aims for five to ten fintech firms by 2022 [2]. The wealth management cluster is in Tongzhou [1].", P, docs);
    expect(r.declined).toBe(false);
    expect(r.kept).toBe(2);
    expect(r.text).toBe("Beijing aims for five to ten fintech firms by 2022 [1]. The wealth management cluster is in Tongzhou [2].");
    expect(r.citations.map((c) => c.text)).toEqual(["Beijing wants five to ten renowned fintech companies by 2022.", "The wealth management cluster will be in Tongzhou District."]);
    expect(r.citations[0]!.score).toBe(0.8);
    expectConsistent(r.text, r.citations);
  });

  it("drops a sentence whose marker points at no given passage, and one with no marker", () => {
    const r = checkReply("The wealth cluster is in Tongzhou [1]. Shanghai has one too [7]. Fangshan gets security.", P, docs);
    expect(r.text).toBe("The wealth cluster is in Tongzhou [1].");
    expect(r.text).not.toContain("[7]");
    expect(r.dropped.map((d) => d.why)).toEqual(["invalid_marker", "no_marker"]);
    expectConsistent(r.text, r.citations);
  });

  it("drops a sentence with a valid and an invalid marker: the claim may come from the missing one", () => {
    const r = checkReply("Beijing wants ten firms [2][9].", P, docs);
    expect(r.kept).toBe(0);
    expect(r.dropped[0]!.why).toBe("invalid_marker");
  });

  it("drops a claim its passage does not back: a number it does not hold, or no word in common", () => {
    const r = checkReply("Beijing wants 50 fintech companies by 2025 [2]. Quantum satellites orbit Mars daily [3].", P, docs);
    expect(r.kept).toBe(0);
    expect(r.dropped.map((d) => d.why)).toEqual(["unsupported", "unsupported"]);
    expect(supported("Five to ten firms by 2022", "five to ten companies by 2022")).toBe(true);
    expect(supported("5 to 10 firms", "five to ten companies")).toBe(true);
  });

  it("checks a reply written in Chinese against the English passages through its glosses", () => {
    const r = checkReply("财富管理产业集群位于通州区[1]。北京希望到2022年拥有五到十家金融科技公司[2]。火星上每天都有量子卫星[3]。", P, docs);
    expect(r.kept).toBe(2);
    expect(r.dropped.map((d) => d.why)).toEqual(["unsupported"]);
    expect(r.citations.map((c) => c.text)).toEqual(["The wealth management cluster will be in Tongzhou District.", "Beijing wants five to ten renowned fintech companies by 2022."]);
    expectConsistent(r.text, r.citations);
  });

  it("moves markers written after the full stop to the sentence before", () => {
    const r = checkReply("The wealth management cluster is in Tongzhou. [1] The plan has four themes. [3]", P, docs);
    expect(r.kept).toBe(2);
    expect(r.text).toBe("The wealth management cluster is in Tongzhou. [1] The plan has four themes. [2]");
    expectConsistent(r.text, r.citations);
  });

  it("reads [1, 3], [1-2] and [passage 2]; one passage cited twice keeps one number", () => {
    const r = checkReply("Tongzhou hosts wealth management and Beijing wants fintech firms [1, 2]. Tongzhou again [passage 1].", P, docs);
    expect(r.kept).toBe(2);
    expect(r.text).toMatch(/firms \[1\]\[2\]\. Tongzhou again \[1\]\.$/);
    expect(checkReply("Wealth management in Tongzhou, fintech firms in Beijing [1-2].", P, docs).citations).toHaveLength(2);
  });

  it("keeps list lines apart and drops Markdown emphasis", () => {
    const r = checkReply("- **Tongzhou** hosts wealth management [1]\n- Fangshan hosts security [1]\n- Shanghai hosts nothing", P, docs);
    // Passage 1 holds both sentences: each claim cites its own.
    expect(r.text).toBe("- Tongzhou hosts wealth management [1]\n- Fangshan hosts security [2]");
    expect(r.citations.map((c) => c.text)).toEqual(["The wealth management cluster will be in Tongzhou District.", "A security industry cluster goes to Fangshan District."]);
    expect(r.dropped.map((d) => d.why)).toEqual(["no_marker"]);
  });

  it("abstains on the fixed phrase and on a reply that opens by declining", () => {
    expect(checkReply(NO_ANSWER_PHRASE, P, docs).declined).toBe(true);
    expect(checkReply("The passages don't say who leads the plan.", P, docs).declined).toBe(true);
    expect(saysNoAnswer("The documents do not mention Shanghai.")).toBe(true);
    // A hedge later on is not a refusal.
    expect(saysNoAnswer("Tongzhou hosts it [1]. The passages do not say when.")).toBe(false);
  });

  it("while streaming, shows only finished sentences, numbered as the final answer will be", () => {
    const full = "The wealth management cluster is in Tongzhou [1]. Beijing wants five to ten firms [2]. Bogus [8]. The plan has four themes [3].";
    let last = "";
    for (let i = 1; i <= full.length; i++) {
      const partial = checkReply(full.slice(0, i), P, docs, { partial: true });
      if (partial.text) {
        expect(partial.text).not.toContain("[8]");
        expect(partial.text.length).toBeGreaterThanOrEqual(last.length);
        last = partial.text;
      }
    }
    const final = checkReply(full, P, docs);
    expect(final.text.startsWith(last)).toBe(true);
    expect(last).toBe("The wealth management cluster is in Tongzhou [1]. Beijing wants five to ten firms [2].");
    // A marker still arriving after the full stop does not finish the sentence yet.
    expect(checkReply("The wealth management cluster is in Tongzhou. [", P, docs, { partial: true }).text).toBe("");
  });
});

describe("prompt", () => {
  it("numbers the passages and ends with the question", () => {
    const text = answerUserText("Where is the wealth cluster?", P);
    expect(text).toContain(`[1] (from ${SOURCE})\n${P[0]!.chunk.text}`);
    expect(text).toContain(`[3] (from ${SOURCE})\n${P[2]!.chunk.text}`);
    expect(text.endsWith("Question: Where is the wealth cluster?")).toBe(true);
  });

  it("reads numbers as digits or words", () => {
    expect([...numbersOf("five to ten firms by 2022, 14,300 words, 2.50%")]).toEqual(expect.arrayContaining(["5", "10", "2022", "14300", "2.5"]));
    expect(numbersOf("one of the goals").size).toBe(0);
  });
});
