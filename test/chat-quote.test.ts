// The pure parts of /quote and "Show in context": reading `/quote` arguments, what the Slack
// button carries (within 2000 chars), the vote buttons leaving "Show in context" in place, and
// how much context a chat shows.
import { describe, expect, it } from "vitest";
import { quotePick, shownPassage } from "../src/channels/core/quotes.js";
import { CONTEXT_ACTION_ID, decodeContextValue, encodeContextValue, FEEDBACK_BLOCK_ID, replaceFeedbackButtons, SLACK_LIMITS, VOTE_ACTION_IDS } from "../src/format/slack-blocks.js";
import type { Citation } from "../src/types.js";

describe("/quote arguments", () => {
  it("reads a source number in the usual spellings; nothing means the first; a word is not a number", () => {
    expect(quotePick("")).toEqual({ n: 1 });
    expect(quotePick(" 2 ")).toEqual({ n: 2 });
    expect(quotePick("[3]")).toEqual({ n: 3 });
    expect(quotePick("#4")).toEqual({ n: 4 });
    expect(quotePick("first")).toBe("not-a-number");
    expect(quotePick("1 2")).toBe("not-a-number");
    expect(quotePick("-1")).toBe("not-a-number");
  });
});

describe("Show in context button value", () => {
  const cite = (n: number, source: string): Citation => ({ n, source, start: n * 100, end: n * 100 + 40, text: "x".repeat(40), score: 1 });

  it("round-trips the citations' places and never exceeds Slack's 2000 chars", () => {
    const few = [cite(1, "plan.md"), cite(2, "annex, part 2 — Zürich.pdf")];
    expect(decodeContextValue(encodeContextValue(few))).toEqual([
      { n: 1, source: "plan.md", start: 100, end: 140 },
      { n: 2, source: "annex, part 2 — Zürich.pdf", start: 200, end: 240 },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => cite(i + 1, `${"deep/".repeat(20)}document-${i}.md`));
    const value = encodeContextValue(many);
    expect(value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    const kept = decodeContextValue(value)!;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.map((c) => c.n)).toEqual(many.slice(0, kept.length).map((c) => c.n));
  });

  it("reads nothing from a value that is not ours", () => {
    for (const junk of [undefined, "", "{}", "[[1,2,3,4]]", '[["1","a",0,1]]', "not json"]) expect(decodeContextValue(junk)).toBeUndefined();
  });

  it("a vote replaces the vote buttons and keeps Show in context", () => {
    const button = (action_id: string) => ({ type: "button", action_id, text: { type: "plain_text", text: action_id }, value: "v" });
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: "answer" } },
      { type: "actions", block_id: FEEDBACK_BLOCK_ID, elements: [button(VOTE_ACTION_IDS.up), button(VOTE_ACTION_IDS.down), button(CONTEXT_ACTION_ID)] },
    ];
    const after = replaceFeedbackButtons(blocks, "Thanks");
    expect(after.map((b) => b.type)).toEqual(["section", "context", "actions"]);
    expect(JSON.stringify(after)).not.toContain(VOTE_ACTION_IDS.up);
    expect(JSON.stringify(after)).toContain(CONTEXT_ACTION_ID);
  });
});

describe("the passage as a chat shows it", () => {
  it("keeps the quote whole on one line and cuts long context at a word, marked with …", () => {
    const before = "word ".repeat(300);
    const q = { source: "a.txt", start: before.length, end: before.length + 11, before, text: "the\nquote x", after: " tail".repeat(300), contextStart: 0, contextEnd: 0 };
    const shown = shownPassage(q, 100);
    expect(shown.text).toBe("the quote x");
    expect(shown.before.startsWith("…word")).toBe(true);
    expect(shown.before.length).toBeLessThanOrEqual(101);
    expect(shown.after.endsWith("tail…")).toBe(true);
    expect(shownPassage({ ...q, before: "Short. ", after: " End." }).before).toBe("Short. ");
  });
});
