import { describe, expect, it } from "vitest";
import {
  CONTEXT_ACTION_ID,
  answerToSlack,
  decodeVoteValue,
  encodeVoteValue,
  escapeMrkdwn,
  FEEDBACK_BLOCK_ID,
  replaceFeedbackButtons,
  SLACK_LIMITS,
  splitEscaped,
  VOTE_ACTION_IDS,
  type SlackMessage,
} from "../src/format/slack-blocks.js";
import { questionFromSlackText } from "../src/channels/slack/question-text.js";
import type { Answer, Citation } from "../src/types.js";

// A fixed answer quoting the plan article, with the characters Slack treats specially.
const PLAN_SOURCE = "beijing-fintech-development-plan-2018-2022.txt";
const PLAN_QUOTE = "Let’s keep it briefer as Beijing’s main aim is to get five to ten “internationally renowned” fintech companies by the end of 2022 and create three to five innovation clusters.";

function planAnswer(question: string, overrides: Partial<Answer> = {}): Answer {
  return {
    question,
    answer: "Beijing’s main aim is to get five to ten “internationally renowned” fintech companies by the end of 2022 & create three to five innovation clusters <soon> [1].",
    kind: overrides.abstained ? "abstain" : "answer",
    abstained: false,
    citations: [citation(1)],
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    ...overrides,
  };
}

type AnyBlock = { type: string; block_id?: string; text?: { text: string }; elements?: { text?: string; value?: string; action_id?: string }[] };
const blocksOf = (m: SlackMessage) => m.blocks as unknown as AnyBlock[];
const sections = (m: SlackMessage) =>
  blocksOf(m)
    .filter((b) => b.type === "section")
    .map((b) => b.text!.text);
const contextTexts = (m: SlackMessage) =>
  blocksOf(m)
    .filter((b) => b.type === "context")
    .flatMap((b) => b.elements!.map((e) => e.text!));
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function citation(n: number, text = PLAN_QUOTE, source = PLAN_SOURCE): Citation {
  return { n, source, text, start: 0, end: text.length, score: 0.5 };
}

describe("answerToSlack", () => {
  it("puts the answer in a mrkdwn section with &<> escaped and [n] markers kept", () => {
    const [msg, ...more] = answerToSlack(planAnswer("What does Beijing want?"));
    expect(more).toHaveLength(0);
    const [text] = sections(msg!);
    expect(text).toContain("by the end of 2022 &amp; create");
    expect(text).toContain("&lt;soon&gt;");
    expect(text).toMatch(/\[1\]\.$/);
    expect(text).not.toMatch(/[<>]/);
  });

  it("lists the sources in a context block: document name and a short quote", () => {
    const [msg] = answerToSlack(planAnswer("q"), { quoteChars: 60 });
    const ctx = contextTexts(msg!);
    expect(ctx[0]).toBe("*Sources*");
    expect(ctx[1]).toContain("*[1]*");
    expect(ctx[1]).toContain(PLAN_SOURCE);
    expect(ctx[1]).toContain("Let’s keep it briefer");
    const quote = /“(.*)”/.exec(ctx[1]!)![1]!;
    expect(quote.length).toBeLessThanOrEqual(60);
    expect(quote.endsWith("…")).toBe(true);
  });

  it("gives a plain text fallback holding the answer and its sources", () => {
    const [msg] = answerToSlack(planAnswer("q"));
    expect(msg!.text).toContain("five to ten");
    expect(msg!.text).toContain(PLAN_SOURCE);
  });

  it("keeps at most 10 elements per context block", () => {
    const many = Array.from({ length: 25 }, (_, i) => citation(i + 1));
    const [msg] = answerToSlack(planAnswer("q", { citations: many }));
    const ctxBlocks = blocksOf(msg!).filter((b) => b.type === "context");
    expect(ctxBlocks.length).toBe(3); // a label and 25 sources in groups of 10
    for (const b of ctxBlocks) expect(b.elements!.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    expect(contextTexts(msg!).filter((t) => t.includes(PLAN_SOURCE))).toHaveLength(25);
  });

  it("says plainly when the documents do not say, and labels the closest passages", () => {
    const answer = planAnswer("What is Shanghai's plan?", {
      abstained: true,
      answer: "I could not find this in the documents.",
    });
    const [msg] = answerToSlack(answer);
    expect(sections(msg!)[0]).toContain("The documents do not say.");
    expect(contextTexts(msg!)[0]).toContain("Closest passages");
    expect(msg!.text).toContain("The documents do not say.");
  });

  it("does not repeat it when the answer already opens with it", () => {
    const answer = planAnswer("Shanghai?", { abstained: true, answer: "The documents do not say. They do not mention “Shanghai”. [1]" });
    const [msg] = answerToSlack(answer);
    expect(sections(msg!)).toEqual(["The documents do not say. They do not mention “Shanghai”. [1]"]);
  });

  it("splits a long answer so that no section passes 3000 characters and no word is lost", () => {
    const sentence = "Beijing & its districts <Xicheng, Haidian> build fintech clusters [1]. ";
    const raw = sentence.repeat(400).trim(); // ~28k chars, more once escaped
    const msgs = answerToSlack(planAnswer("q", { answer: raw }));
    const all = msgs.flatMap(sections);
    expect(all.length).toBeGreaterThan(9);
    for (const s of all) expect(s.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    // Cut at sentence ends: every piece ends with a whole marker and full stop.
    for (const s of all) expect(s).toMatch(/\[1\]\.$/);
    expect(all.map(unescape).join(" ")).toBe(raw);
  });

  it("never cuts an escape sequence in half", () => {
    const pieces = splitEscaped("&".repeat(4000), SLACK_LIMITS.sectionText);
    expect(pieces.length).toBe(7); // 600 "&amp;" fit in 3000 chars
    expect(pieces.join("").length).toBe(4000 * 5);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(p).toMatch(/^(&amp;)+$/);
    }
  });

  it("hard-splits text without spaces", () => {
    const pieces = splitEscaped("x".repeat(7000), 3000);
    expect(pieces.map((p) => p.length)).toEqual([3000, 3000, 1000]);
  });

  it("spreads an enormous answer over messages of at most 50 blocks, buttons on the last", () => {
    const huge = "The plan names districts for each cluster. ".repeat(5000); // ~215k chars
    const msgs = answerToSlack(planAnswer("q", { answer: huge }));
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) {
      expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
      expect(m.text.length).toBeGreaterThan(0);
    }
    const withButtons = msgs.filter((m) => blocksOf(m).some((b) => b.type === "actions"));
    expect(withButtons).toEqual([msgs.at(-1)]);
  });

  it("adds 👍 / 👎 buttons whose value carries the question and answer within 2000 chars", () => {
    const answer: Answer = planAnswer("How many clusters?".repeat(50), { answer: "“quoted” \\ text ".repeat(400) });
    const [msg] = answerToSlack(answer);
    const actions = blocksOf(msg!).find((b) => b.type === "actions")!;
    expect(actions.block_id).toBe(FEEDBACK_BLOCK_ID);
    expect(actions.elements!.map((e) => e.action_id)).toEqual([VOTE_ACTION_IDS.up, VOTE_ACTION_IDS.down, CONTEXT_ACTION_ID]);
    const value = actions.elements![0]!.value!;
    expect(value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    const decoded = decodeVoteValue(value)!;
    expect(answer.question.replace(/\s+/g, " ").startsWith(decoded.question.replace(/…$/, ""))).toBe(true);
    expect(decoded.answer.length).toBeGreaterThan(1000);
  });

  it("leaves the buttons out on request and shows who asked", () => {
    const [msg] = answerToSlack(planAnswer("What <is> it?"), { feedback: false, askedBy: "U123" });
    expect(blocksOf(msg!).some((b) => b.type === "actions")).toBe(false);
    expect(contextTexts(msg!)[0]).toBe("<@U123> asked: _What &lt;is&gt; it?_");
  });
});

describe("vote values and thanks", () => {
  it("round-trips and rejects garbage", () => {
    expect(decodeVoteValue(encodeVoteValue("q?", "a [1]."))).toEqual({ question: "q?", answer: "a [1]." });
    expect(decodeVoteValue("not json")).toBeUndefined();
    expect(decodeVoteValue(JSON.stringify({ q: 1 }))).toBeUndefined();
  });

  it("replaces the buttons with a thank-you line and keeps the rest", () => {
    const [msg] = answerToSlack(planAnswer("q"));
    const updated = replaceFeedbackButtons(msg!.blocks, "Thanks!") as unknown as AnyBlock[];
    // The votes become the thanks; "Show in context" stays, last.
    const actions = updated.filter((b) => b.type === "actions");
    expect(actions.flatMap((b) => b.elements!.map((e) => e.action_id))).toEqual([CONTEXT_ACTION_ID]);
    expect(updated.at(-2)).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "Thanks!", verbatim: true }] });
    expect(updated.length).toBe(msg!.blocks.length + 1);
  });

  it("escapes only the three characters Slack reserves", () => {
    expect(escapeMrkdwn("a & b < c > d *e* [2]")).toBe("a &amp; b &lt; c &gt; d *e* [2]");
  });
});

describe("questionFromSlackText (Slack markup in)", () => {
  it("drops the mention that addressed the bot and undoes Slack's markup", () => {
    expect(questionFromSlackText("<@UBOT> What did <@U42|ann> say about <#C1|general>?", "UBOT")).toBe("What did @ann say about #general?");
    expect(questionFromSlackText("<@UBOT|planbot>, is R&amp;D &lt;funded&gt; <https://x.test|here>?", "UBOT")).toBe("is R&D <funded> here?");
    expect(questionFromSlackText("<!here> <@UBOT>   help  ", "UBOT")).toBe("help");
    expect(questionFromSlackText("<@UBOT>", "UBOT")).toBe("");
    expect(questionFromSlackText(undefined)).toBe("");
  });
});

describe("the document list in Slack's help (`/ask help`) with 20,001 documents", () => {
  it("shows one page and a count, within Block Kit's limits", async () => {
    const { help } = await import("../src/channels/slack/texts.js");
    const sources = Array.from({ length: 20_001 }, (_, i) => `reports/${"quarterly-board-minutes-".repeat(6)}${i}.md`);
    const msg = help(sources, []);
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const texts = msg.blocks.map((b) => (b.type === "section" ? b.text!.text : ""));
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const all = texts.join("\n");
    expect(all).toContain(sources[19]);
    expect(all).not.toContain(sources[20]);
    expect(all).toContain("…and 19,981 more");
  });
});
