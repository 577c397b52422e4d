// Property tests (fast-check) for what ingest does to outside text: the splitter over any Unicode
// (CJK, emoji, RTL, combining marks, CRLF, lone surrogates, runs without spaces), and the
// loaders' decoding and HTML-to-text steps. Each property says what must hold for every input;
// a failure prints the smallest input that breaks it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { htmlToText } from "../src/ingest/loaders/html.js";
import { loadBytes } from "../src/ingest/loaders/index.js";
import { decodeUtf8 } from "../src/ingest/loaders/text.js";
import { DEFAULT_SPLITTER, splitDocument } from "../src/ingest/splitter.js";
import type { SplitterOptions } from "../src/index/manifest.js";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const runs = (n: number) => ({ numRuns: Number(process.env.FUZZ_RUNS ?? n), seed: SEED });

const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));
const word = (unit: fc.Arbitrary<string>, max = 12) => fc.string({ unit, minLength: 1, maxLength: max });

/** Pieces of text from many scripts and the separators that steer the splitter. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("The", "plan", "fintech", "Beijing", "U.S.", "e.g.", "Dr.", "3.5", "2022", "cluster", "A") },
  { weight: 2, arbitrary: word(char(0x4e00, 0x9fff)) }, // CJK
  { weight: 1, arbitrary: word(char(0x0590, 0x05ff)) }, // Hebrew (RTL)
  { weight: 1, arbitrary: word(char(0x0600, 0x06ff)) }, // Arabic (RTL)
  { weight: 1, arbitrary: fc.constantFrom("😀", "👍🏽", "👨‍👩‍👧", "🇨🇳", "❤️", "e\u0301", "a\u0308\u0323", "\u200f", "\u202e", "ﬁ") },
  { weight: 1, arbitrary: char(0xd800, 0xdfff) }, // a lone surrogate (broken input)
  { weight: 1, arbitrary: char(0, 0x1f) }, // control characters
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) }, // anything at all
  {
    weight: 5,
    arbitrary: fc.constantFrom(" ", " ", ". ", "! ", "? ", "。", "！", "…", "\n", "\r\n", "\n\n", "\r\n\r\n", "\t", "\u00a0", "\u3000", "\u2028", "# ", "## ", "- ", '" ', "(", ")"),
  },
  // A long run without spaces (URLs, tables, minified text): the splitter must cut it.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "é", "e\u0301", "北", "😀", "👨‍👩‍👧", "a-"), fc.integer({ min: 50, max: 700 })).map(([p, n]) => p.repeat(n)) },
);
const documentText = fc.array(piece, { maxLength: 400 }).map((parts) => parts.join(""));

const options: fc.Arbitrary<SplitterOptions> = fc
  .record({ targetChars: fc.integer({ min: 20, max: 400 }), extra: fc.integer({ min: 0, max: 600 }), overlapSentences: fc.integer({ min: 0, max: 2 }) })
  .map(({ targetChars, extra, overlapSentences }) => ({ targetChars, maxChars: targetChars + extra + 8, overlapSentences }));

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** A boundary at i falls between the two halves of a (valid) surrogate pair. */
const splitsPair = (text: string, i: number) => i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));

function checkChunks(text: string, opts: SplitterOptions) {
  const chunks = splitDocument("doc.txt", text, opts);
  const ids = new Set<string>();
  let covered = 0; // every index below this that is not whitespace is inside some chunk
  let prev: (typeof chunks)[number] | undefined;
  for (const c of chunks) {
    // Exact offsets: the quote is the document's own text at those offsets.
    expect(c.text).toBe(text.slice(c.start, c.end));
    expect(c.start).toBeGreaterThanOrEqual(0);
    expect(c.end).toBeGreaterThan(c.start);
    expect(c.end).toBeLessThanOrEqual(text.length);
    expect(c.text.length).toBeLessThanOrEqual(opts.maxChars + 1); // +1: a surrogate pair is never cut
    expect(c.text.trim()).not.toBe("");
    expect(splitsPair(text, c.start) || splitsPair(text, c.end)).toBe(false);
    // Nothing duplicated: ids unique, chunks in document order, each one adding new text.
    expect(ids.has(c.id)).toBe(false);
    ids.add(c.id);
    if (prev) {
      expect(c.start).toBeGreaterThan(prev.start);
      expect(c.end).toBeGreaterThan(prev.end);
      if (opts.overlapSentences === 0) expect(c.start).toBeGreaterThanOrEqual(prev.end);
    }
    // Nothing lost: no non-whitespace character between the previous chunk and this one.
    expect(text.slice(covered, c.start).trim()).toBe("");
    covered = Math.max(covered, c.end);
    prev = c;
  }
  expect(text.slice(covered).trim()).toBe("");
  return chunks;
}

describe("splitter (fuzzed)", () => {
  it("keeps offsets exact and loses or duplicates nothing, for any text and settings", () => {
    fc.assert(
      fc.property(documentText, options, (text, opts) => {
        checkChunks(text, opts);
      }),
      runs(400),
    );
  });

  it("does the same with the default settings, and is deterministic", () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const chunks = checkChunks(text, DEFAULT_SPLITTER);
        expect(splitDocument("doc.txt", text)).toEqual(chunks);
      }),
      runs(300),
    );
  });

  it("never cuts a run without spaces inside a character or a cluster (accents, emoji sequences)", () => {
    const cluster = fc.constantFrom("e\u0301", "a\u0308\u0323", "😀", "👍🏽", "👨‍👩‍👧", "🇨🇳", "北", "x");
    const run = fc.array(cluster, { minLength: 1, maxLength: 600 }).map((c) => c.join(""));
    const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
    fc.assert(
      fc.property(run, fc.integer({ min: 16, max: 200 }), (text, maxChars) => {
        const bounds = new Set([...segmenter.segment(text)].map((s) => s.index));
        bounds.add(text.length);
        for (const c of checkChunks(text, { targetChars: maxChars, maxChars, overlapSentences: 0 })) {
          expect(bounds.has(c.start) && bounds.has(c.end)).toBe(true);
        }
      }),
      runs(300),
    );
  });

  it("stays fast on pathological shapes (many lines, many headings, no spaces, no punctuation)", () => {
    const shapes = [
      "word\n".repeat(100_000),
      "Title Line\n".repeat(50_000),
      "# Heading\n".repeat(50_000),
      "Some text here.\r\n".repeat(40_000),
      "x".repeat(1_000_000),
      "e\u0301".repeat(300_000),
      "e.g. ".repeat(100_000),
      "北京金融科技发展规划。".repeat(40_000),
      "\n".repeat(500_000) + "end",
    ];
    for (const text of shapes) {
      const t0 = performance.now();
      const chunks = splitDocument("big.txt", text);
      const ms = performance.now() - t0;
      // Linear work is well under a second for each; the quadratic versions took minutes.
      expect(ms, JSON.stringify(text.slice(0, 20))).toBeLessThan(5_000);
      for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(DEFAULT_SPLITTER.maxChars);
    }
  });
});

describe("loaders (fuzzed)", () => {
  it("decodes any bytes to valid UTF-16 text or a reason, never throwing", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const r = decodeUtf8(Buffer.from(bytes));
        if (r.ok) {
          // Valid UTF-8 decodes to text without lone surrogates.
          expect(r.text).toBe(Buffer.from(r.text, "utf8").toString("utf8"));
        } else {
          expect(r.reason).toMatch(/binary|UTF-8/);
        }
      }),
      runs(500),
    );
  });

  it("loads any bytes under any supported extension with a result or a skip reason", async () => {
    const ext = fc.constantFrom("a.txt", "a.md", "a.html", "a.htm");
    await fc.assert(
      fc.asyncProperty(
        ext,
        fc.oneof(
          fc.uint8Array({ maxLength: 1000 }),
          fc.string({ unit: "binary", maxLength: 1000 }).map((s) => new TextEncoder().encode(s)),
        ),
        async (file, bytes) => {
          const r = await loadBytes(file, Buffer.from(bytes));
          if (r.ok) expect(r.text.trim()).not.toBe("");
          else expect(r.reason.length).toBeGreaterThan(0);
        },
      ),
      runs(300),
    );
  });

  it("turns any tag soup into text without markup from hidden parts", () => {
    const tag = fc.constantFrom(
      "<p>",
      "</p>",
      "<div>",
      "</div>",
      "<br>",
      "<b>",
      "</b>",
      "<pre>",
      "</pre>",
      "<td>",
      "<li>",
      "<title>",
      "</title>",
      "<script>",
      "</script>",
      "<style>",
      "</style>",
      "<!--",
      "-->",
      "<",
      ">",
      "&amp;",
      "&lt;",
      "&#x1F600;",
      "&#0;",
      "&bogus;",
      '<a href="x">',
      "<h1>",
      "</h1>",
      "<p hidden>",
      '<div style="display:none">',
    );
    const html = fc.array(fc.oneof(tag, piece), { maxLength: 200 }).map((p) => p.join(""));
    fc.assert(
      fc.property(html, (h) => {
        const text = htmlToText(h);
        expect(typeof text).toBe("string");
        expect(text).toBe(text.trim());
        expect(text).not.toMatch(/\n{3,}/);
      }),
      runs(300),
    );
  });
});
