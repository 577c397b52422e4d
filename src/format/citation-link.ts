// Where a citation opens: the document's original address (Citation.url) with a fragment that
// takes the reader to the passage. A PDF opens at its page (#page=N, RFC 8118). A web page gets a
// text fragment (#:~:text=start,end, https://wicg.github.io/scroll-to-text-fragment/): the
// browser scrolls to and highlights the range from the quote's first words to its last words.
import type { Citation } from "../types.js";

/** Words kept at each end of the quote; a quote this long or shorter (twice this) is matched whole. */
const EDGE_WORDS = 4;

/** The link for a citation, or undefined when its document has no address. */
export function citationHref(c: Pick<Citation, "url" | "page" | "source" | "text">): string | undefined {
  if (!c.url) return undefined;
  let u: URL;
  try {
    u = new URL(c.url);
  } catch {
    return undefined;
  }
  if (c.page !== undefined || /\.pdf$/i.test(c.source)) {
    u.hash = c.page !== undefined ? `page=${c.page}` : "";
    return u.href;
  }
  u.hash = "";
  const directive = textDirective(c.text, { markdown: /\.(md|markdown)$/i.test(c.source) });
  return directive ? `${u.href}#:~:${directive}` : u.href;
}

/**
 * `text=start[,end]` for a quote: the whole quote when it is short, else its first and last
 * words (each taken from one line, as a text fragment's start and end must each lie in one
 * block of the page). Markdown markup, which the rendered page does not show, is left out.
 */
export function textDirective(quote: string, opts: { markdown?: boolean } = {}): string | undefined {
  const lines = quote
    .split(/\n/)
    .map((l) => (opts.markdown ? stripMarkdown(l) : l).replace(/\s+/g, " ").trim())
    .filter(Boolean);
  if (lines.length === 0) return undefined;
  const first = lines[0]!.split(" ");
  const last = lines[lines.length - 1]!.split(" ");
  if (lines.length === 1 && first.length <= 2 * EDGE_WORDS) return `text=${encodeFragmentText(lines[0]!)}`;
  const start = first.slice(0, EDGE_WORDS).join(" ");
  const end = last.slice(-EDGE_WORDS).join(" ");
  return `text=${encodeFragmentText(start)},${encodeFragmentText(end)}`;
}

/**
 * Percent-encodes a text directive's term: what encodeURIComponent encodes (non-ASCII as UTF-8,
 * spaces, '&', ',', '#', …) plus '-', which the syntax reserves for prefix- and -suffix, and the
 * few characters encodeURIComponent leaves that a fragment parser might read otherwise.
 */
export function encodeFragmentText(text: string): string {
  return encodeURIComponent(text).replace(/[-!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** The text a Markdown line renders to, near enough for matching words: markup dropped. */
function stripMarkdown(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, "")
    .replace(/(\*\*|__|\*|_|`|~~)(?=\S)([^]*?\S)\1/g, "$2");
}

/** "p. 3" for a PDF citation. */
export function pageLabel(c: Pick<Citation, "page">): string {
  return c.page !== undefined ? `p. ${c.page}` : "";
}
