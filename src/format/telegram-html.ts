// Answer → Telegram message texts in parse_mode "HTML": everything escaped, the answer with its
// [n] markers, a Sources list, and messages split under Telegram's 4096-character limit.
import { BOT_WORDS } from "../text/bot-words.js";
import { detectLanguage } from "../text/language.js";
import { visibleName, visibleText } from "./visible-text.js";
import type { Answer, Citation } from "../types.js";
import { citationHref, pageLabel } from "./citation-link.js";
import { markHighlights } from "./highlights.js";

/** Telegram's limit for one message text (counted after entity parsing). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * What we allow one message's raw HTML to be. Raw HTML is never shorter than the parsed text,
 * and UTF-16 length is never shorter than the code point count, so this holds however
 * Telegram counts.
 */
export const MESSAGE_BUDGET = 4000;

const QUOTE_CHARS = 160;
// The answer text may already open by saying so, in either language.
const NOT_SAID_RE = new RegExp(`^(?:the documents (?:do not|don't) say\\s*[.!]|${BOT_WORDS.zh.notInDocuments})`, "i");

/** Escapes text for Telegram HTML (the only entities Telegram accepts: &lt; &gt; &amp; &quot;). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** The reverse of escapeHtml plus tag removal: the text a user sees, for a plain-text fallback. */
export function htmlToPlain(html: string): string {
  return html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|quot|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", quot: '"', amp: "&" };
    const key = e.toLowerCase();
    if (key in named) return named[key]!;
    const code = key.startsWith("#x") ? parseInt(key.slice(2), 16) : parseInt(key.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

export interface TelegramAnswerOptions {
  /** Longest quote shown per citation, in characters. */
  quoteChars?: number;
  /** Budget per message (raw HTML, UTF-16 units). */
  limit?: number;
}

/** Formats an answer as one or more HTML message texts, in sending order. */
export function formatTelegramAnswer(answer: Answer, opts: TelegramAnswerOptions = {}): string[] {
  const quoteChars = opts.quoteChars ?? QUOTE_CHARS;
  const citations = [...answer.citations].sort((a, b) => a.n - b.n);
  const text = answer.answer.trim();
  const blocks: string[] = [];
  const words = BOT_WORDS[detectLanguage(answer.question)];
  if (answer.abstained) {
    // Said in so many words, whatever the service's text; not twice when it says it too.
    blocks.push(`🤷 <b>${escapeHtml(words.notInDocuments)}</b>`);
    const rest = text.replace(NOT_SAID_RE, "").trim();
    if (rest) blocks.push(escapeHtml(visibleText(rest)));
    if (citations.length > 0) blocks.push(sourcesBlock(words.closest, citations, quoteChars));
    blocks.push(`<i>${escapeHtml(words.tryRephrasing)}</i>`);
  } else {
    // The short answer of a direct question in bold.
    const shown = markHighlights(answer, { escape: (t) => escapeHtml(visibleText(t)), open: "<b>", close: "</b>" });
    blocks.push(shown.trim() ? shown : `<i>${escapeHtml(words.emptyAnswer)}</i>`);
    if (citations.length > 0) blocks.push(sourcesBlock(words.sources, citations, quoteChars));
  }
  return splitHtml(blocks.join("\n\n"), opts.limit ?? MESSAGE_BUDGET);
}

/** The document's name in italics, a link to its passage when it has an address; its page for a PDF. */
function sourceName(c: Citation): string {
  const name = `<i>${escapeHtml(visibleName(c.source))}</i>`;
  const href = citationHref(c);
  const page = c.page !== undefined ? `, ${pageLabel(c)}` : "";
  return (href ? `<a href="${escapeHtml(href)}">${name}</a>` : name) + page;
}

/** "[n] document — “short quote”", one line per citation under a bold heading. */
function sourcesBlock(heading: string, citations: Citation[], quoteChars: number): string {
  const lines = citations.map((c) => `[${c.n}] ${sourceName(c)} — “${escapeHtml(shortQuote(visibleText(c.text), quoteChars))}”`);
  return `<b>${heading}</b>\n${lines.join("\n")}`;
}

/** The quote on one line, cut at a word boundary when longer than `max`. */
export function shortQuote(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat); // code points, so an emoji is never cut in half
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max).join("");
  const space = head.lastIndexOf(" ");
  return (space > max / 2 ? head.slice(0, space) : head).replace(/[\s,;:.–—-]+$/, "") + "…";
}

// ---------------------------------------------------------------------------------------------
// Splitting. The HTML is read as tokens (a tag, an entity, or one code point of text) and only
// cut between tokens; tags open at the cut are closed at the end of one part and reopened at the
// start of the next, so every part is well-formed on its own.

interface Token {
  text: string;
  kind: "open" | "close" | "entity" | "char";
  /** Tag name for open/close tokens. */
  name?: string;
}

const TOKEN_RE = /<\/?([a-zA-Z][\w-]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const m of html.matchAll(TOKEN_RE)) {
    const t = m[0];
    if (t.startsWith("<") && m[1]) {
      tokens.push({ text: t, kind: t.startsWith("</") ? "close" : "open", name: m[1].toLowerCase() });
    } else {
      tokens.push({ text: t, kind: t.length > 1 && t.startsWith("&") ? "entity" : "char" });
    }
  }
  return tokens;
}

/** How good a cut is, best first: paragraph, line, sentence end, word, anywhere. */
function cutRank(prev: Token | undefined, next: Token, after: Token | undefined): number {
  if (next.text === "\n") return after?.text === "\n" ? 4 : 3;
  if (/^\s$/u.test(next.text)) return prev && /^[.!?…]$/.test(prev.text) ? 2 : 1;
  if (prev && /^[。！？]$/u.test(prev.text)) return 2; // CJK sentences have no space after them
  return 0;
}

/**
 * Splits HTML into parts of at most `limit` UTF-16 units, preferring paragraph boundaries,
 * never inside a tag or an entity, each part well-formed.
 */
export function splitHtml(html: string, limit = MESSAGE_BUDGET): string[] {
  const parts: string[] = [];
  let tokens = trimTokens(tokenize(html));
  while (length(tokens) > limit) {
    const at = bestCut(tokens, limit);
    const open = openAt(tokens, at);
    const closing = [...open]
      .reverse()
      .map((t) => `</${t.name}>`)
      .join("");
    parts.push(render(trimTokens(tokens.slice(0, at))) + closing);
    tokens = [...open, ...trimTokens(tokens.slice(at))];
  }
  const last = render(tokens);
  if (last.trim()) parts.push(last);
  return parts;
}

function bestCut(tokens: Token[], limit: number): number {
  const best: (number | undefined)[] = [];
  const stack: Token[] = [];
  let pos = 0;
  let closeLen = 0;
  let seenText = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const prev = tokens[i - 1];
    // A cut before token i: the part gets tokens [0, i) plus closing tags for what is open.
    if (i > 0 && seenText && prev?.kind !== "open" && pos + closeLen <= limit) {
      best[cutRank(prev, tok, tokens[i + 1])] = i;
    }
    if (pos + closeLen > limit) break;
    pos += tok.text.length;
    if (tok.kind === "open") {
      stack.push(tok);
      closeLen += tok.name!.length + 3;
    } else if (tok.kind === "close") {
      const top = stack.pop();
      if (top) closeLen -= top.name!.length + 3;
    } else if (!/^\s$/u.test(tok.text)) {
      seenText = true;
    }
  }
  // The best kind of cut that still fills at least half a message; else the latest cut found.
  for (let rank = 4; rank >= 0; rank--) {
    const at = best[rank];
    if (at !== undefined && length(tokens.slice(0, at)) >= limit / 2) return at;
  }
  const latest = Math.max(-1, ...best.filter((b): b is number => b !== undefined));
  if (latest > 0) return latest;
  // Nothing fits (a single token larger than the limit): cut after the first text token.
  const firstText = tokens.findIndex((t) => t.kind === "char" || t.kind === "entity");
  return Math.max(1, firstText + 1);
}

/** Tags still open before token `at`, outermost first. */
function openAt(tokens: Token[], at: number): Token[] {
  const stack: Token[] = [];
  for (const tok of tokens.slice(0, at)) {
    if (tok.kind === "open") stack.push(tok);
    else if (tok.kind === "close") stack.pop();
  }
  return stack;
}

/** Drops whitespace at both ends of the text (not inside leading/trailing tags' content). */
function trimTokens(tokens: Token[]): Token[] {
  const isSpace = (t: Token) => t.kind === "char" && /^\s$/u.test(t.text);
  let start = 0;
  let end = tokens.length;
  // Whitespace right after leading open tags, or before trailing close tags, is also dropped.
  const lead: Token[] = [];
  while (start < end && (tokens[start]!.kind === "open" || isSpace(tokens[start]!))) {
    if (tokens[start]!.kind === "open") lead.push(tokens[start]!);
    start++;
  }
  const trail: Token[] = [];
  while (end > start && (tokens[end - 1]!.kind === "close" || isSpace(tokens[end - 1]!))) {
    if (tokens[end - 1]!.kind === "close") trail.unshift(tokens[end - 1]!);
    end--;
  }
  return [...lead, ...tokens.slice(start, end), ...trail];
}

function render(tokens: Token[]): string {
  return tokens.map((t) => t.text).join("");
}

function length(tokens: Token[]): number {
  let n = 0;
  for (const t of tokens) n += t.text.length;
  return n;
}
