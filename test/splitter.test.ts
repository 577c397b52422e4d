import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { htmlToText } from "../src/ingest/loaders/html.js";
import { loadBytes } from "../src/ingest/loaders/index.js";
import { DEFAULT_SPLITTER, splitDocument } from "../src/ingest/splitter.js";
import { sentenceRanges } from "../src/text/sentences.js";
import { makePdf } from "./helpers/pdf.js";
import { PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";

const plan = readFileSync(`${PLAN_CORPUS}/${PLAN_DOC}`, "utf8");

const MARKDOWN = `# Annual plan

## Goals

The city wants five firms by 2022. It also wants three clusters.
Dr. Wang said the U.S. office opens at 9.30 a.m. on Monday.

## Budget\r\n\r\nThe budget is 3.5 billion yuan… as reported. Nothing else is known.

- first item
- second item
`;

const HTML = `<html><head><title>Report</title><style>p{color:red}</style></head>
<body><h1>Heading &amp; more</h1><p>First para with <b>bold</b> text. Second sentence here.</p>
<script>var hidden = "never";</script><div style="display:none">invisible</div>
<table><tr><td>a</td><td>1</td></tr></table><p>Last&nbsp;para.</p></body></html>`;

async function loaded(): Promise<Array<[string, string]>> {
  const pdf = await loadBytes("x.pdf", makePdf(["Quarterly report", "Revenue grew by 12 percent. The board met twice.", "Outlook (2025) is stable."]));
  if (!pdf.ok) throw new Error(pdf.reason);
  return [
    ["plan.txt", plan],
    ["notes.md", MARKDOWN],
    ["page.html", htmlToText(HTML)],
    ["report.pdf", pdf.text],
    ["wrapped.txt", "A soft-wrapped line that goes\non and on without a break\nuntil here. Next one.\n\n\nEnd"],
    ["unicode.txt", "北京金融科技。发展规划！😀 Emoji line.\r\nשלום עולם. Combining é and é."],
  ];
}

describe("splitter", () => {
  it("keeps chunk.text === text.slice(start, end) for every loader", async () => {
    for (const [source, text] of await loaded()) {
      const chunks = splitDocument(source, text);
      expect(chunks.length, source).toBeGreaterThan(0);
      for (const c of chunks) {
        expect(c.text, source).toBe(text.slice(c.start, c.end));
        expect(c.source).toBe(source);
        expect(c.text.length).toBeLessThanOrEqual(DEFAULT_SPLITTER.maxChars);
      }
    }
  });

  it("covers every sentence of the document", async () => {
    for (const [source, text] of await loaded()) {
      const chunks = splitDocument(source, text);
      for (const s of sentenceRanges(text)) {
        const inside = chunks.some((c) => c.start <= s.start && s.end <= c.end);
        const pieces = chunks.filter((c) => c.end > s.start && c.start < s.end);
        expect(inside || pieces.length > 1, `${source}: ${text.slice(s.start, s.end)}`).toBe(true);
      }
    }
  });

  it("starts a new chunk at each heading and records it", () => {
    const chunks = splitDocument("notes.md", MARKDOWN, { targetChars: 10, maxChars: 400, overlapSentences: 1 });
    const budget = chunks.find((c) => c.text.includes("3.5 billion"));
    expect(budget?.heading).toBe("Budget");
    expect(budget?.text.startsWith("## Budget")).toBe(true);
  });

  it("overlaps a long paragraph's chunks by one sentence", () => {
    const para = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} talks about item ${i}.`).join(" ");
    const chunks = splitDocument("long.txt", para, { targetChars: 100, maxChars: 200, overlapSentences: 1 });
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBeLessThan(chunks[i - 1]!.end);
  });

  it("cuts a sentence longer than the limit at spaces", () => {
    const text = "word ".repeat(500).trim() + ".";
    const chunks = splitDocument("huge.txt", text, { targetChars: 100, maxChars: 300, overlapSentences: 1 });
    expect(chunks.every((c) => c.text.length <= 300 && c.text === text.slice(c.start, c.end))).toBe(true);
  });
});

describe("sentences", () => {
  const split = (t: string) => sentenceRanges(t).map((r) => t.slice(r.start, r.end));

  it("does not break at abbreviations, decimals or a lower-case continuation", () => {
    expect(split("Dr. Wang met Mr. Li at 9.30 today. The plan… as in a report. Next.")).toEqual(["Dr. Wang met Mr. Li at 9.30 today.", "The plan… as in a report.", "Next."]);
  });

  it("breaks after closing quotes and at CJK full stops", () => {
    expect(split("He said “stop.” Then left. 北京。上海！")).toEqual(["He said “stop.”", "Then left.", "北京。", "上海！"]);
  });

  it("treats a short unpunctuated first line as a heading", () => {
    const r = sentenceRanges(plan);
    expect(r[0]!.heading).toBe(true);
    expect(plan.slice(r[0]!.start, r[0]!.end)).toBe("Beijing plots to make fintech grand thing");
  });
});
