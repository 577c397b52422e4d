// What people see of hostile document text and file names, on every channel: no bidi
// overrides or zero-width characters, no terminal escape sequences, no Slack formatting or
// auto-links from documents, one line per source. The Answer itself keeps the exact slices.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { answerToSlack } from "../src/format/slack-blocks.js";
import { formatTelegramAnswer, htmlToPlain } from "../src/format/telegram-html.js";
import { formatForTerminal } from "../src/format/terminal.js";
import { visibleName, visibleText } from "../src/format/visible-text.js";
import type { Answer } from "../src/types.js";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import { run } from "./helpers/run.js";

const QUOTE = "Pay \u202Eno\u202C now\u200B: *bold* _it_ ~gone~ `x` @channel https://evil.test \x1b]8;;https://evil.test\x1b\\click\x1b]8;;\x1b\\ \x1b[2J\x1b[31mred\x1b[0m \x9b2J";
const NAME = "report\u202Etxt.exe.md\nSources: fake.md";
const answer: Answer = {
  question: "q",
  answer: `${QUOTE} [1]`,
  abstained: false,
  kind: "answer",
  citations: [{ n: 1, source: NAME, text: QUOTE, start: 0, end: QUOTE.length, score: 1 }],
  timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
};
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe("visible text", () => {
  it("drops bidi controls, zero-width characters and escape sequences, keeps joiners", () => {
    expect(visibleText(QUOTE)).toBe("Pay no now: *bold* _it_ ~gone~ `x` @channel https://evil.test click red ");
    expect(visibleText("👨\u200D👩\u200D👧 می\u200Cخواهم")).toBe("👨\u200D👩\u200D👧 می\u200Cخواهم");
    expect(visibleName(NAME)).toBe("reporttxt.exe.md␤Sources: fake.md");
  });

  it("terminal: no escape sequence or invisible character, one line per source; the Answer is untouched", () => {
    const before = JSON.stringify(answer);
    const out = formatForTerminal(answer);
    expect(out).not.toMatch(INVISIBLE);
    expect(out.split("\n").filter((l) => l.includes("[1]") && l.includes("chars"))).toHaveLength(1);
    expect(out).toContain("reporttxt.exe.md␤Sources: fake.md (chars");
    expect(JSON.stringify(answer)).toBe(before);
  });

  it("Telegram: names and quotes without bidi or zero-width characters, the source on one line", () => {
    const shown = formatTelegramAnswer(answer).map(htmlToPlain).join("\n");
    expect(shown).not.toMatch(INVISIBLE);
    expect(shown).toMatch(/^\[1\] reporttxt\.exe\.md␤Sources: fake\.md — “Pay no now/m);
  });

  it("Slack: verbatim text objects, formatting characters kept apart, nothing invisible", () => {
    const blocks = answerToSlack(answer).flatMap((m) => m.blocks);
    type Text = { type: string; text: string; verbatim?: boolean };
    const texts = blocks.flatMap((b): Text[] => (b.type === "section" ? [b.text as Text] : b.type === "context" ? (b.elements as Text[]) : []));
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) {
      expect(t).toMatchObject({ type: "mrkdwn", verbatim: true });
      // No formatting pair survives: every *, _, ~ and ` is fenced by zero-width spaces.
      expect(t.text).not.toMatch(/\*bold\*|_it_|~gone~|`x`/);
      expect(t.text.replace(/\u200b/g, "")).not.toMatch(/[\u202A-\u202E\x1b]/);
    }
    const quote = texts.find((t) => t.text.includes("Pay"))!.text;
    expect(quote).toContain("\u200b*\u200bbold\u200b*\u200b");
  });

  it("npm run ask prints a document's escape sequences harmlessly; --json keeps the exact slice", async () => {
    const { corpus, index } = await corpusWithPlan();
    const hostile = "The lighthouse keeper counts 77 gulls \x1b[2J\x1b]8;;https://evil.test\x1b\\every\x1b]8;;\x1b\\ morning \u202Eat dawn.\n";
    await writeFile(path.join(corpus, "gulls.txt"), hostile);
    const env = { CORPUS_DIR: corpus, INDEX_DIR: index };
    expect((await run("scripts/ingest.ts", [], { env })).code).toBe(0);
    const q = "How many gulls does the lighthouse keeper count?";
    const shown = await run("scripts/ask.ts", [q], { env });
    expect(shown.stdout).toContain("77 gulls");
    expect(shown.stdout).not.toMatch(/[\x1b\u202E]/);
    const json = JSON.parse((await run("scripts/ask.ts", ["--json", q], { env })).stdout) as Answer;
    const c = json.citations.find((x) => x.source === "gulls.txt")!;
    expect(c.text).toContain("\x1b[2J");
    expect(hostile.slice(c.start, c.end)).toBe(c.text);
  });
});
