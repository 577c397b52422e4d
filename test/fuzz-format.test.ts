// Property tests (fast-check) for the two platform formatters, fed answers whose every string
// (question, answer, quotes, file names) is hostile: markup of both platforms, entities, any
// Unicode, huge lengths. Telegram HTML is judged by the Bot API stand-in's parser (Telegram's
// HTML subset); Slack messages by Block Kit's documented limits.
import { visibleText } from "../src/format/visible-text.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerToSlack, CONTEXT_ACTION_ID, decodeContextValue, decodeVoteValue, SLACK_LIMITS } from "../src/format/slack-blocks.js";
import { formatTelegramAnswer, MESSAGE_BUDGET } from "../src/format/telegram-html.js";
import type { Answer, Citation } from "../src/types.js";
import { checkTelegramHtml, TELEGRAM_TEXT_LIMIT } from "./standins/telegram-api.js";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const runs = (n: number) => ({ numRuns: Number(process.env.FUZZ_RUNS ?? n), seed: SEED });

const hostile = fc.constantFrom(
  "<b>",
  "</b>",
  "<i>x</i>",
  "<script>alert(1)</script>",
  '<a href="https://evil.test">click</a>',
  "&amp;",
  "&lt;",
  "&",
  "&#x1F600;",
  "&bogus;",
  "<",
  ">",
  '"',
  "'",
  "*bold*",
  "_it_",
  "~s~",
  "`code`",
  "```",
  "> quote",
  "<@U123>",
  "<!channel>",
  "<!here|here>",
  "<https://x.test|x>",
  "<#C1>",
  ":smile:",
  "[1]",
  "[99]",
  "\\",
  "\u0000",
  "\u200b",
  "\u202e",
  "\r\n",
  "\n\n",
  "\t",
  "  ",
);
const words = fc.constantFrom("Beijing", "fintech", "cluster", "2022", "five", "to", "ten", "北京", "金融", "😀", "👨‍👩‍👧", "é", "e\u0301", "שלום", "مرحبا", ".", ",", " ", " ", " ");
/** Well-formed text (no lone surrogates): what a corpus decoded from UTF-8 or a cleaned question holds. */
const text = (maxLength: number) =>
  fc.array(fc.oneof({ weight: 3, arbitrary: words }, { weight: 2, arbitrary: hostile }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) }), { maxLength }).map((p) => p.join(""));
/** Sometimes enormous: an LLM answer or a pasted document can be tens of thousands of characters. */
const answerText = fc.oneof({ weight: 4, arbitrary: text(60) }, { weight: 1, arbitrary: fc.tuple(text(20), fc.integer({ min: 10, max: 1500 })).map(([t, n]) => `${t} `.repeat(n)) });

const citation = (n: number): fc.Arbitrary<Citation> =>
  fc.record({ source: fc.oneof(fc.constantFrom("plan.txt", "dir/sub/report.pdf"), text(8)), text: text(80) }).map(({ source, text: quote }) => ({
    n,
    source: source || "x.txt",
    text: quote || "q",
    start: 0,
    end: (quote || "q").length,
    score: 0.5,
  }));

const answerArb: fc.Arbitrary<Answer> = fc
  .record({
    question: text(40),
    answer: answerText,
    abstained: fc.boolean(),
    count: fc.integer({ min: 0, max: 25 }),
  })
  .chain(({ question, answer, abstained, count }) =>
    fc.tuple(...Array.from({ length: count }, (_, i) => citation(i + 1))).map((citations) => ({
      question: question || "?",
      answer,
      kind: abstained ? ("abstain" as const) : ("answer" as const),
      abstained,
      citations,
      timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    })),
  );

const squash = (s: string) => s.replace(/\s+/g, "");
const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe("Telegram HTML (fuzzed)", () => {
  it("always parses, fits the limits, and shows every character of the answer literally", () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        const parts = formatTelegramAnswer(answer);
        expect(parts.length).toBeGreaterThan(0);
        const shown: string[] = [];
        let raw = 0;
        for (const html of parts) {
          const parsed = checkTelegramHtml(html);
          if (!parsed.ok) throw new Error(`Telegram would refuse (${parsed.error}): ${JSON.stringify(html.slice(0, 300))}`);
          expect(html.length).toBeLessThanOrEqual(MESSAGE_BUDGET);
          expect(parsed.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
          expect(parsed.text.trim()).not.toBe("");
          expect(hasLoneSurrogate(html)).toBe(false);
          // Only the formatter's own tags: nothing from the answer became markup.
          for (const m of html.matchAll(/<\/?([a-z-]+)/g)) expect(["b", "i"]).toContain(m[1]);
          shown.push(parsed.text);
          raw += html.length;
        }
        // Every cut fills at least half a message: no flood of tiny parts.
        expect(parts.length).toBeLessThanOrEqual(Math.ceil(raw / (MESSAGE_BUDGET / 2)) + 1);
        const all = squash(shown.join(""));
        // Invisible characters and escape sequences are dropped from what people see (visible-text.ts).
        if (!answer.abstained) expect(all).toContain(squash(visibleText(answer.answer.trim())));
      }),
      runs(300),
    );
  });
});

describe("Slack Block Kit (fuzzed)", () => {
  const opts = fc.record({ askedBy: fc.option(fc.constantFrom("U123ABC", "W0ABC"), { nil: undefined }), feedback: fc.boolean(), quoteChars: fc.integer({ min: 1, max: 400 }) });

  it("stays within Block Kit limits and lets no Slack control sequence through", () => {
    fc.assert(
      fc.property(answerArb, opts, (answer, o) => {
        const messages = answerToSlack(answer, o);
        expect(messages.length).toBeGreaterThan(0);
        const sections: string[] = [];
        for (const m of messages) {
          // What the Web API receives is JSON; it must survive the trip unchanged.
          expect(JSON.parse(JSON.stringify(m))).toEqual(m);
          expect(m.blocks.length).toBeGreaterThan(0);
          expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
          expect(m.text.length).toBeGreaterThan(0);
          expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
          const ids = m.blocks.map((b) => b.block_id).filter(Boolean);
          expect(new Set(ids).size).toBe(ids.length);
          const texts: string[] = [m.text];
          for (const b of m.blocks) {
            if (b.type === "section") {
              const t = b.text!.text;
              expect(t.length).toBeGreaterThan(0);
              expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
              texts.push(t);
              sections.push(t);
            } else if (b.type === "context") {
              expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
              for (const e of b.elements) {
                const t = (e as { text: string }).text;
                expect(t.length).toBeGreaterThan(0);
                expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
                texts.push(t);
              }
            } else if (b.type === "actions") {
              for (const e of b.elements) {
                const value = (e as { value?: string }).value ?? "";
                expect(value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
                // "Show in context" carries the cited spans; the votes carry the answer.
                const isContext = (e as { action_id?: string }).action_id === CONTEXT_ACTION_ID;
                expect(isContext ? decodeContextValue(value) : decodeVoteValue(value)).toBeDefined();
              }
            }
          }
          for (const t of texts) {
            // Links, user/channel mentions and @channel need < and >; entities need &. None may
            // come from the answer: only the asker mention the formatter adds itself.
            const own = o.askedBy ? t.replace(`<@${o.askedBy}>`, "") : t;
            expect(own).not.toMatch(/[<>]/);
            expect(own).not.toMatch(/&(?!amp;|lt;|gt;)/);
            expect(hasLoneSurrogate(own)).toBe(false);
          }
        }
        // The zero-width spaces around formatting characters are the formatter's own.
        const unescape = (s: string) =>
          s
            .replace(/\u200b/g, "")
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&amp;/g, "&");
        if (answer.answer.trim()) expect(squash(unescape(sections.join("")))).toContain(squash(visibleText(answer.answer.trim())));
      }),
      runs(300),
    );
  });
});
