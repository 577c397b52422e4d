// Citations that open: a document's original address (Markdown front matter, HTML canonical /
// og:url, PDF metadata, .planbot-sources.json) is kept through the ingest and the index (both
// stores), set on citations with the PDF page, and the Sources block of every channel links to
// it, with a text fragment built from the quote for web pages. And the quote in its context.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { quoteInContext } from "../src/citations/quote-context.js";
import { pageAt } from "../src/citations/source-links.js";
import { citationHref, encodeFragmentText, textDirective } from "../src/format/citation-link.js";
import { answerToSlack } from "../src/format/slack-blocks.js";
import { formatTelegramAnswer } from "../src/format/telegram-html.js";
import { formatForTerminal } from "../src/format/terminal.js";
import { loadBytes } from "../src/ingest/loaders/index.js";
import { frontMatterUrl, htmlSourceUrl } from "../src/ingest/loaders/source-url.js";
import type { Qa } from "../src/qa.js";
import { corpusQa, TEST_STORE } from "./helpers/plan-qa.js";
import { makePdfPages } from "./helpers/pdf.js";
import { tempDir } from "./helpers/tmp.js";

describe("text fragments (WICG scroll-to-text-fragment)", () => {
  it("percent-encodes dashes, commas, ampersands and non-ASCII in the terms", () => {
    expect(encodeFragmentText("2018-2022, R&D")).toBe("2018%2D2022%2C%20R%26D");
    expect(encodeFragmentText("Zürich — 金融科技")).toBe("Z%C3%BCrich%20%E2%80%94%20%E9%87%91%E8%9E%8D%E7%A7%91%E6%8A%80");
    expect(encodeFragmentText("it's (50%)!")).toBe("it%27s%20%2850%25%29%21");
  });

  it("matches a short quote whole, a long one from its first to its last words", () => {
    expect(textDirective("The plan runs 2018-2022.")).toBe("text=The%20plan%20runs%202018%2D2022.");
    expect(textDirective("Beijing will build a national fintech innovation demonstration zone, with Xicheng, Haidian and Chaoyang.")).toBe(
      "text=Beijing%20will%20build%20a,Xicheng%2C%20Haidian%20and%20Chaoyang.",
    );
    // Start and end each come from one line (one block of the page).
    expect(textDirective("First line of the quote here\nsecond line\nand the last line ends here")).toBe("text=First%20line%20of%20the,last%20line%20ends%20here");
    // Markdown markup is not in the rendered page.
    expect(textDirective("## **Goals** of [the plan](x.md)", { markdown: true })).toBe("text=Goals%20of%20the%20plan");
  });

  it("links a web page with a fragment, a PDF with its page, nothing without an address", () => {
    const text = "Zhongguancun, the core area, leads";
    expect(citationHref({ url: "https://example.org/plan#intro", source: "plan.md", text })).toBe("https://example.org/plan#:~:text=Zhongguancun%2C%20the%20core%20area%2C%20leads");
    expect(citationHref({ url: "https://example.org/a.pdf", source: "a.pdf", page: 3, text })).toBe("https://example.org/a.pdf#page=3");
    expect(citationHref({ source: "a.txt", text })).toBeUndefined();
  });

  it("finds the page of an offset", () => {
    const pages: Array<[number, number]> = [
      [0, 1],
      [100, 2],
      [250, 4],
    ];
    expect([0, 99, 100, 249, 250, 9999].map((o) => pageAt(pages, o))).toEqual([1, 1, 2, 2, 4, 4]);
    expect(pageAt(undefined, 5)).toBeUndefined();
  });
});

describe("addresses recorded by the documents themselves", () => {
  it("reads Markdown front matter, HTML canonical and og:url, PDF metadata", async () => {
    expect(frontMatterUrl("---\ntitle: x\nurl: https://example.org/a\n---\nbody")).toBe("https://example.org/a");
    expect(frontMatterUrl("no front matter\nurl: https://example.org/a")).toBeUndefined();
    expect(frontMatterUrl("---\nurl: javascript:alert(1)\n---\n")).toBeUndefined();
    expect(htmlSourceUrl('<head><link rel="canonical" href="https://example.org/c"><meta property="og:url" content="https://example.org/o"></head>')).toBe("https://example.org/c");
    expect(htmlSourceUrl('<meta property="og:url" content="https://example.org/o">')).toBe("https://example.org/o");
    const pdf = await loadBytes("a.pdf", makePdfPages([["Page one text."], [], ["Page three text."]], { URL: "https://example.org/a.pdf" }));
    expect(pdf.ok && pdf.meta).toEqual({
      url: "https://example.org/a.pdf",
      pages: [
        [0, 1],
        [16, 3],
      ],
    });
    expect(pdf.ok && pdf.text.slice(16)).toBe("Page three text.");
  });
});

describe(`citations that open, through the index (${TEST_STORE})`, () => {
  let qa: Qa;
  beforeAll(async () => {
    const corpus = path.join(await tempDir(), "corpus");
    await mkdir(corpus);
    await writeFile(path.join(corpus, "zones.md"), "---\nurl: https://example.org/zones\n---\n# Zones\n\nThe Zürich-style sandbox, run by the bureau, admits 12 start-ups each quarter.\n");
    await writeFile(
      path.join(corpus, "annex.pdf"),
      makePdfPages([["The annex covers payments."], ["Cross-border settlement pilots start in Tongzhou district."]], { URL: "https://example.org/annex.pdf" }),
    );
    await writeFile(path.join(corpus, "notes.txt"), "The oversight committee meets every second Tuesday.\n");
    await writeFile(path.join(corpus, ".planbot-sources.json"), JSON.stringify({ "notes.txt": "https://example.org/notes" }));
    qa = await corpusQa(corpus);
  });

  it("a Markdown citation links with a text fragment in Telegram HTML, Slack mrkdwn and the terminal", async () => {
    const a = await qa.ask("How many start-ups does the sandbox admit each quarter?");
    const c = a.citations.find((x) => x.source === "zones.md")!;
    expect(c.url).toBe("https://example.org/zones");
    const href = citationHref(c)!;
    expect(href).toMatch(/^https:\/\/example\.org\/zones#:~:text=/);
    expect(href).toContain("Z%C3%BCrich%2Dstyle");
    expect(formatTelegramAnswer(a).join("")).toContain(`<a href="${href.replace(/&/g, "&amp;")}"><i>zones.md</i></a>`);
    expect(JSON.stringify(answerToSlack(a))).toContain(JSON.stringify(`<${href}|zones.md>`).slice(1, -1));
    expect(formatForTerminal(a)).toContain(href);
  });

  it("a PDF citation names its page and links to it", async () => {
    const a = await qa.ask("Where do the cross-border settlement pilots start?");
    const c = a.citations.find((x) => x.source === "annex.pdf")!;
    expect(c).toMatchObject({ url: "https://example.org/annex.pdf", page: 2 });
    expect(formatTelegramAnswer(a).join("")).toContain('<a href="https://example.org/annex.pdf#page=2"><i>annex.pdf</i></a>, p. 2');
    expect(formatForTerminal(a)).toContain("annex.pdf, p. 2");
  });

  it("plain text gets its address from .planbot-sources.json", async () => {
    const a = await qa.ask("How often does the oversight committee meet?");
    expect(a.citations.find((x) => x.source === "notes.txt")?.url).toBe("https://example.org/notes");
  });

  it("shows a quote in its context: exact slices, offsets, page", async () => {
    const a = await qa.ask("Where do the cross-border settlement pilots start?");
    const c = a.citations.find((x) => x.source === "annex.pdf")!;
    const q = quoteInContext(qa.index, c)!;
    const doc = qa.index.document("annex.pdf")!;
    expect(q.text).toBe(c.text);
    expect(doc.slice(q.contextStart, q.contextEnd)).toBe(q.before + q.text + q.after);
    expect(q.before).toContain("The annex covers payments.");
    expect(q).toMatchObject({ source: "annex.pdf", start: c.start, end: c.end, page: 2, href: "https://example.org/annex.pdf#page=2" });
    // A passage no longer in the document is not shown.
    expect(quoteInContext(qa.index, { ...c, text: "not in it", start: 0, end: 9 })).toBeUndefined();
  });
});
