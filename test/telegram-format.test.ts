// Answer → Telegram HTML: escaping, the Sources list, abstentions, and splitting under the
// message limit. "Parses" is judged by the Bot API stand-in's HTML checker (Telegram's subset).
import { describe, expect, test } from "vitest";
import { escapeHtml, formatTelegramAnswer, htmlToPlain, MESSAGE_BUDGET, shortQuote, splitHtml } from "../src/format/telegram-html.js";
import type { Answer, Citation } from "../src/types.js";
import { checkTelegramHtml, TELEGRAM_TEXT_LIMIT } from "./standins/telegram-api.js";

const SOURCE = "beijing-fintech-development-plan-2018-2022.txt";

function cite(n: number, text: string): Citation {
  return { n, source: SOURCE, text, start: 0, end: text.length, score: 1 };
}

function answer(text: string, citations: Citation[], abstained = false): Answer {
  return { question: "q", answer: text, kind: abstained ? "abstain" : "answer", abstained, citations, timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 } };
}

/** The text a user sees, asserting Telegram would accept the HTML. */
function parse(html: string): string {
  const r = checkTelegramHtml(html);
  if (!r.ok) throw new Error(`Telegram would refuse: ${r.error}\n${html}`);
  return r.text;
}

describe("the stand-in's HTML checker (so that 'parses' means something)", () => {
  test.each([
    ["<b>bold", "end tag"],
    ["<b><i>x</b></i>", "Unmatched end tag"],
    ["<script>x</script>", "Unsupported start tag"],
    ["a & b", "'&'"],
    ["a &nbsp; b", "Unsupported HTML entity"],
    ["1 > 0", "'>'"],
    ['<a name="x">y</a>', "href"],
    ["<code><b>x</b></code>", "inside"],
  ])("refuses %j", (html, why) => {
    const r = checkTelegramHtml(html);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(why);
  });

  test("accepts nested tags and decodes entities", () => {
    expect(parse('<b>a <i>b</i></b> &lt;&amp;&gt;&quot; &#128512; <a href="https://x.y">l</a>')).toBe('a b <&>" 😀 l');
  });
});

describe("escaping", () => {
  test("text full of markup comes through literally", () => {
    const nasty = `<b>not bold</b> & <script>alert("x")</script> &amp; 1<2>3 "q"`;
    expect(parse(escapeHtml(nasty))).toBe(nasty);
    expect(htmlToPlain(escapeHtml(nasty))).toBe(nasty);
  });

  test("an answer and quotes with markup are escaped everywhere", () => {
    const a = answer("Use <b> & <i> [1]", [cite(1, 'The <tag> & "entity" &amp; text')]);
    const [html, ...more] = formatTelegramAnswer(a);
    expect(more).toEqual([]);
    const text = parse(html!);
    expect(text).toContain("Use <b> & <i> [1]");
    expect(text).toContain('The <tag> & "entity" &amp; text');
  });
});

describe("answers", () => {
  const long =
    "Beijing’s main aim is to get five to ten “internationally renowned” fintech companies by the end of 2022 and create three to five innovation clusters across several districts of the city.";
  const a = answer("Five to ten firms [1] and three to five clusters [2].", [cite(2, "create three to five innovation clusters"), cite(1, long)]);

  test("the answer with its [n] markers, then Sources: document name and a short quote each, in order", () => {
    const [html] = formatTelegramAnswer(a);
    const text = parse(html!);
    expect(text).toMatch(/^Five to ten firms \[1\] and three to five clusters \[2\]\./);
    expect(html).toContain("<b>Sources</b>");
    const lines = text.split("\n").filter((l) => /^\[\d\] /.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^\\[1\\] ${SOURCE.replace(/\./g, "\\.")} — “Beijing’s main aim`));
    expect(lines[1]).toBe(`[2] ${SOURCE} — “create three to five innovation clusters”`);
  });

  test("a long quote is shortened at a word boundary", () => {
    const q = shortQuote(long, 60);
    expect(q.endsWith("…")).toBe(true);
    expect(Array.from(q).length).toBeLessThanOrEqual(61);
    const words = q.slice(0, -1).split(" ");
    expect(long.split(" ")).toEqual(expect.arrayContaining(words));
    expect(shortQuote("short\n  quote", 60)).toBe("short quote");
  });

  test("an abstention says plainly that the documents do not say, once, with the closest passages", () => {
    const abst = answer("The documents do not say. They do not mention “Shanghai”. The closest passages: [1]", [cite(1, long)], true);
    const text = parse(formatTelegramAnswer(abst)[0]!);
    expect(text.match(/The documents do not say/g)).toHaveLength(1);
    expect(text).toContain("They do not mention “Shanghai”.");
    expect(text).toContain("Closest passages");
    expect(text).not.toContain("Sources");
    expect(text).toContain(`[1] ${SOURCE} — “Beijing’s`);
  });

  test("an abstention without passages has no passage list", () => {
    const text = parse(formatTelegramAnswer(answer("", [], true))[0]!);
    expect(text).toContain("The documents do not say.");
    expect(text).not.toContain("Closest passages");
  });
});

describe("splitting", () => {
  const paragraph = (i: number) => `Paragraph ${i}: ` + "the plan names districts and clusters. ".repeat(12).trim();

  test("a short message stays whole", () => {
    expect(splitHtml("<b>hi</b> there")).toEqual(["<b>hi</b> there"]);
  });

  test("a long answer is split at paragraph boundaries, every part under the limit and parseable", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => paragraph(i));
    const a = answer(paragraphs.join("\n\n"), [cite(1, "x")]);
    const parts = formatTelegramAnswer(a);
    expect(parts.length).toBeGreaterThan(1);
    const texts = parts.map(parse);
    for (const [i, p] of parts.entries()) {
      expect(p.length).toBeLessThanOrEqual(MESSAGE_BUDGET);
      expect(texts[i]!.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    }
    // Every part starts with a whole paragraph: nothing was cut mid-paragraph.
    for (const t of texts.slice(1)) expect(t).toMatch(/^(Paragraph \d+: |Sources)/);
    expect(texts.join("\n\n")).toContain(paragraphs.join("\n\n"));
  });

  test("a paragraph longer than a message is cut between words, not inside one", () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`);
    const parts = splitHtml(escapeHtml(words.join(" ")), 1000);
    expect(parts.length).toBeGreaterThan(10);
    const seen = parts.flatMap((p) => parse(p).split(" "));
    expect(seen).toEqual(words);
  });

  test("a tag open at a cut is closed and reopened; entities and emoji are never cut", () => {
    const inner = "&lt;&amp;&gt; 😀".repeat(400);
    const html = `<b>bold <i>${inner}</i></b> tail`;
    const parts = splitHtml(html, 500);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(500);
      expect(p.startsWith("<b>")).toBe(true);
      parse(p);
    }
    expect(parts.map(parse).join("").replace(/\s+/g, "")).toBe(parse(html).replace(/\s+/g, ""));
  });

  test("text without spaces (CJK) is cut after a sentence mark", () => {
    const sentence = "北京计划到2022年吸引五到十家知名金融科技企业。";
    const parts = splitHtml(sentence.repeat(100), 300);
    for (const p of parts.slice(0, -1)) expect(p.endsWith("。")).toBe(true);
    expect(parts.join("")).toBe(sentence.repeat(100));
  });

  test("random markup: every part fits, parses, and together they keep every character", () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pieces = ["word", "&amp;", "&lt;x&gt;", "😀", " ", " ", "\n", "\n\n", ".", "漢"];
    for (let round = 0; round < 40; round++) {
      let html = "";
      const open: string[] = [];
      for (let i = 0; i < 400; i++) {
        const r = rand(20);
        if (r === 0 && open.length < 3) {
          const tag = ["b", "i", "u", "code"][rand(4)]!;
          if (open.includes("code")) continue;
          html += `<${tag}>`;
          open.push(tag);
        } else if (r === 1 && open.length > 0) {
          html += `</${open.pop()}>`;
        } else {
          html += pieces[rand(pieces.length)];
        }
      }
      while (open.length) html += `</${open.pop()}>`;
      const limit = 60 + rand(200);
      const parts = splitHtml(html, limit);
      for (const p of parts) expect(p.length, p).toBeLessThanOrEqual(limit);
      const joined = parts.map(parse).join("");
      expect(joined.replace(/\s+/g, "")).toBe(parse(html).replace(/\s+/g, ""));
    }
  });
});
