// Answer → Slack Block Kit messages. Pure (no I/O), so every Slack limit can be unit-tested.
// Limits: https://docs.slack.dev/reference/block-kit/blocks (section text 3000 chars,
// 50 blocks per message, 10 elements per context block, button value 2000 chars).
import type { types as Slack } from "@slack/bolt";
import { BOT_WORDS, type BotWords } from "../text/bot-words.js";
import { detectLanguage } from "../text/language.js";
import type { Answer, Citation, CitedSpan } from "../types.js";
import { citationHref, pageLabel } from "./citation-link.js";
import { markHighlights } from "./highlights.js";
import { visibleName, visibleText } from "./visible-text.js";

export const SLACK_LIMITS = {
  sectionText: 3000,
  blocksPerMessage: 50,
  contextElements: 10,
  buttonValue: 2000,
  /** Our own cap: the fallback only shows in notifications and old clients. */
  fallbackText: 3000,
} as const;

export const FEEDBACK_BLOCK_ID = "planbot_feedback";
export const VOTE_ACTION_IDS = { up: "planbot_vote_up", down: "planbot_vote_down" } as const;
/** "Show in context", next to the votes: the answer's cited passages with the text around them. */
export const CONTEXT_ACTION_ID = "planbot_show_context";

/** One chat message: `text` is the notification / accessibility fallback for `blocks`. */
export interface SlackMessage {
  text: string;
  blocks: Slack.KnownBlock[];
}

export interface SlackFormatOptions {
  /** 👍 / 👎 buttons under the answer (default true). */
  feedback?: boolean;
  /** User id of the asker, shown above the answer (for /ask, where the question is not visible). */
  askedBy?: string;
  /** Longest quote shown per source (default 160 chars). */
  quoteChars?: number;
}

// An abstention that already opens by saying so needs no second label.
const SAYS_NOT_IN_DOCUMENTS = new RegExp(`^\\W*(?:(?:the )?documents? (?:do not|don't|does not|doesn't) (?:say|answer|mention|cover)|${BOT_WORDS.zh.notInDocuments})`, "i");

/** Slack's mrkdwn treats only these three as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Slack has no escape for its formatting characters: a zero-width space on each side keeps a
// document's "*bold*", "_x_", "~s~" or "`code`" from pairing up into formatting.
const FORMATTING = /[*_~`]/g;

/**
 * Document text (answers, quotes) as mrkdwn that shows it as written: invisible characters
 * dropped, &, <, > escaped, formatting characters kept from pairing up. (verbatim: true on every
 * text object stops bare URLs, #channel names and @here words from being linked.)
 */
export function escapeDocumentMrkdwn(text: string): string {
  return escapeCharsOfDocument(visibleText(text));
}

function escapeCharsOfDocument(text: string): string {
  return escapeMrkdwn(text).replace(FORMATTING, "\u200b$&\u200b");
}

/** A file name inside `code` (where nothing is formatted), on one line, visible characters only. */
export function codeName(source: string): string {
  return `\`${escapeMrkdwn(visibleName(source).replace(/`/g, "'"))}\``;
}

/** A message with one block of (already safe) mrkdwn, for hints, help and apologies. */
export function mrkdwnMessage(mrkdwn: string): SlackMessage {
  const blocks = splitEscaped(mrkdwn, SLACK_LIMITS.sectionText, false).map(section);
  return withFallback(blocks.slice(0, SLACK_LIMITS.blocksPerMessage));
}

/**
 * Formats an answer as one or more messages (more only when the answer is enormous).
 * Sources and the feedback buttons come last, so they land in the last message.
 */
export function answerToSlack(answer: Answer, opts: SlackFormatOptions = {}): SlackMessage[] {
  const blocks: Slack.KnownBlock[] = [];
  const words = BOT_WORDS[detectLanguage(answer.question)];
  if (opts.askedBy) {
    const q = escapeMrkdwn(shorten(answer.question, 300));
    blocks.push(context([`<@${opts.askedBy}> ${words.asked}: _${q}_`]));
  }
  if (answer.abstained && !SAYS_NOT_IN_DOCUMENTS.test(answer.answer)) {
    // Said in so many words, whatever else the answer text says.
    blocks.push(section(`:grey_question: *${escapeMrkdwn(words.notInDocuments)}*`));
  }
  // The short answer of a direct question in bold, when the answer fits one section.
  const marked = markHighlights(answer, { escape: escapeDocumentMrkdwn, open: "*", close: "*" });
  const body = marked.length <= SLACK_LIMITS.sectionText && marked.trim() ? [marked] : splitEscaped(visibleText(answer.answer), SLACK_LIMITS.sectionText, true);
  // Never a message without text (Slack refuses it): an empty answer says so.
  blocks.push(...(body.length ? body : [`_${words.emptyAnswer}_`]).map(section));
  blocks.push(...sourceBlocks(answer.citations, answer.abstained, opts.quoteChars ?? 160, words));
  // Small talk is the bot's own words: nothing to vote on.
  if ((opts.feedback ?? true) && answer.kind !== "chat") blocks.push(feedbackButtons(answer));

  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += SLACK_LIMITS.blocksPerMessage) {
    messages.push(withFallback(blocks.slice(i, i + SLACK_LIMITS.blocksPerMessage)));
  }
  return messages;
}

/** The document's name, a link to its passage when it has an address (`<url|name>`); its page for a PDF. */
function sourceName(c: Citation): string {
  const href = citationHref(c);
  const page = c.page !== undefined ? `, ${pageLabel(c)}` : "";
  return (href ? citationLinkMrkdwn(href, c.source) : codeName(c.source)) + page;
}

/** `<url|name>`: a document's name linking to its passage. */
export function citationLinkMrkdwn(href: string, source: string): string {
  // Inside <url|text> the URL may not hold | or > (a percent-encoded form opens the same page).
  const url = href.replace(/[|<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  const name = escapeMrkdwn(visibleName(source)).replace(/\|/g, "¦");
  return `<${url}|${name}>`;
}

function sourceBlocks(citations: Citation[], abstained: boolean, quoteChars: number, words: BotWords): Slack.ContextBlock[] {
  if (citations.length === 0) return [];
  const label = abstained ? `*${words.closest}* ${words.closestNote}:` : `*${words.sources}*`;
  const elements = [label, ...citations.map((c) => `*[${c.n}]* ${sourceName(c)} — “${escapeDocumentMrkdwn(shorten(visibleText(c.text), quoteChars))}”`)];
  const blocks: Slack.ContextBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.contextElements) {
    blocks.push(context(elements.slice(i, i + SLACK_LIMITS.contextElements)));
  }
  return blocks;
}

function feedbackButtons(answer: Answer): Slack.ActionsBlock {
  const value = encodeVoteValue(answer.question, answer.answer);
  const elements: Slack.Button[] = [
    { type: "button", action_id: VOTE_ACTION_IDS.up, text: { type: "plain_text", text: "👍", emoji: true }, value },
    { type: "button", action_id: VOTE_ACTION_IDS.down, text: { type: "plain_text", text: "👎", emoji: true }, value },
  ];
  if (answer.citations.length > 0) {
    const label = detectLanguage(answer.question) === "zh" ? "查看上下文" : "Show in context";
    elements.push({ type: "button", action_id: CONTEXT_ACTION_ID, text: { type: "plain_text", text: label, emoji: true }, value: encodeContextValue(answer.citations) });
  }
  return { type: "actions", block_id: FEEDBACK_BLOCK_ID, elements };
}

/** A posted answer's blocks (as Slack sends them back) with the vote buttons replaced by `mrkdwn` ("Show in context" stays). */
export function replaceFeedbackButtons(blocks: readonly unknown[] | undefined, mrkdwn: string): Slack.KnownBlock[] {
  const kept: Slack.KnownBlock[] = [];
  let contextButton: Slack.ActionsBlock | undefined;
  for (const b of (blocks ?? []) as Slack.KnownBlock[]) {
    if (!(typeof b === "object" && b !== null && b.block_id === FEEDBACK_BLOCK_ID)) kept.push(b);
    else if (b.type === "actions") {
      const rest = b.elements.filter((e) => "action_id" in e && e.action_id === CONTEXT_ACTION_ID);
      if (rest.length) contextButton = { ...b, elements: rest };
    }
  }
  return [...kept, context([mrkdwn]), ...(contextButton ? [contextButton] : [])];
}

/**
 * "Show in context" carries where each citation points ([n, source, start, end], as many as fit
 * 2000 chars), so an answer this process does not remember (a restart, another replica) still shows.
 */
export function encodeContextValue(citations: readonly Citation[]): string {
  const refs = citations.map((c) => [c.n, c.source, c.start, c.end]);
  while (refs.length > 1 && JSON.stringify(refs).length > SLACK_LIMITS.buttonValue) refs.pop();
  const value = JSON.stringify(refs);
  return value.length <= SLACK_LIMITS.buttonValue ? value : "[]";
}

export function decodeContextValue(value: string | undefined): Array<CitedSpan & { n: number }> | undefined {
  try {
    const refs = JSON.parse(value ?? "") as unknown;
    if (!Array.isArray(refs)) return undefined;
    const ok = (r: unknown): r is [number, string, number, number] =>
      Array.isArray(r) && r.length === 4 && Number.isInteger(r[0]) && typeof r[1] === "string" && Number.isInteger(r[2]) && Number.isInteger(r[3]);
    return refs.every(ok) ? refs.map(([n, source, start, end]) => ({ n, source, start, end })) : undefined;
  } catch {
    return undefined;
  }
}

export interface VoteValue {
  question: string;
  answer: string;
}

/**
 * The buttons carry the question and answer themselves (cut to fit 2000 chars), so a vote
 * can be recorded after a restart and on ephemeral messages, whose payload has no message.
 */
export function encodeVoteValue(question: string, answer: string): string {
  const q = shorten(question, 300);
  let room = SLACK_LIMITS.buttonValue - JSON.stringify({ q, a: "" }).length;
  // JSON escapes can lengthen the text; a few rounds always converge (each one shrinks `room`).
  for (let round = 0; round < 8; round++) {
    const value = JSON.stringify({ q, a: shorten(answer, Math.max(room, 1)) });
    if (value.length <= SLACK_LIMITS.buttonValue) return value;
    room -= value.length - SLACK_LIMITS.buttonValue;
  }
  return JSON.stringify({ q, a: "" });
}

export function decodeVoteValue(value: string | undefined): VoteValue | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as { q?: unknown; a?: unknown };
    if (typeof v.q !== "string" || typeof v.a !== "string") return undefined;
    return { question: v.q, answer: v.a };
  } catch {
    return undefined;
  }
}

function section(text: string): Slack.SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text, verbatim: true } };
}

function context(texts: string[]): Slack.ContextBlock {
  return { type: "context", elements: texts.map((text) => ({ type: "mrkdwn" as const, text, verbatim: true })) };
}

/** The fallback text is what the blocks say, in order, cut to a sane length. */
function withFallback(blocks: Slack.KnownBlock[]): SlackMessage {
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.type === "section" && b.text) parts.push(b.text.text);
    if (b.type === "context") {
      for (const e of b.elements) if ("text" in e && typeof e.text === "string") parts.push(e.text);
    }
  }
  // A message split off a long answer may hold only the vote buttons; Slack wants some text.
  let text = parts.join("\n") || (blocks.some((b) => b.type === "actions") ? "Was this answer helpful?" : "…");
  if (text.length > SLACK_LIMITS.fallbackText) {
    // Cut without leaving half an entity such as "&am".
    text = dropHalfPair(text.slice(0, SLACK_LIMITS.fallbackText - 1)).replace(/&[a-z]*$/, "") + "…";
  }
  return { text, blocks };
}

/** A cut text without the first half of a surrogate pair at its end (it would reach Slack as invalid UTF-8). */
function dropHalfPair(text: string): string {
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}

/** Collapses whitespace and cuts at a word boundary with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = dropHalfPair(flat.slice(0, Math.max(max - 1, 0)));
  const space = cut.lastIndexOf(" ");
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, "") + "…";
}

/**
 * Splits text into pieces whose escaped (or raw, when `escape` is false) length fits `limit`,
 * preferring paragraph, then sentence, then word boundaries. Returns the pieces escaped.
 */
export function splitEscaped(raw: string, limit: number, escape = true): string[] {
  const cost = (ch: string) => (escape ? escapeCharsOfDocument(ch).length : ch.length);
  const render = (s: string) => (escape ? escapeCharsOfDocument(s) : s);
  const out: string[] = [];
  let rest = raw.trim();
  // Each round consumes at least one character, so the loop is bounded by the text length.
  while (rest.length > 0) {
    let fit = 0;
    let used = 0;
    while (fit < rest.length && used + cost(rest[fit]!) <= limit) used += cost(rest[fit++]!);
    if (fit === rest.length) {
      out.push(render(rest));
      break;
    }
    const cut = Math.max(breakPoint(rest, fit), 1);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) out.push(render(piece));
    rest = rest.slice(cut).trimStart();
  }
  return out;
}

// The last good place to cut at or before `max`, never in the first half of the window.
function breakPoint(text: string, max: number): number {
  const min = Math.floor(max / 2);
  const window = text.slice(0, max + 1); // a boundary right after the window still counts
  for (const re of [/\n[ \t]*\n/g, /[.!?…][)"'”’\]]*\s/g, /\s/g]) {
    let best = -1;
    for (const m of window.matchAll(re)) {
      const end = m.index + m[0].length;
      if (end <= max + 1 && m.index >= min) best = Math.min(end, max);
    }
    if (best > 0) return best;
  }
  // No boundary: hard cut, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
