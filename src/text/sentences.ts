// Sentence boundaries as character ranges of the original text, so that every sentence
// (and every chunk and quote built from sentences) is an exact slice of the loaded text.

export interface SentenceRange {
  start: number;
  end: number;
  /** A blank line (or a hard line break that ends a paragraph) comes before this sentence. */
  paragraphStart: boolean;
  /** A whole line with no closing punctuation, or a Markdown heading: a title, not prose. */
  heading: boolean;
}

// Words after which a period does not end a sentence.
const ABBREVIATIONS = new Set(
  `mr mrs ms dr prof sr jr st vs etc e.g i.e inc ltd co corp no nos fig figs jan feb mar apr jun jul aug sep
sept oct nov dec approx dept est govt gen rep sen u.s u.k u.n p.m a.m cf al ave mt op vol ed eds`.split(/\s+/),
);

const TERMINAL = /[.!?…。！？]/;
const CLOSERS = /["'”’)\]»」』]/;
const LINE_END_PUNCT = /[.!?…:;。！？"”’)]$/;

/** Splits `text[from, to)` into sentences. Ranges never include surrounding whitespace. */
export function sentenceRanges(text: string, from = 0, to = text.length): SentenceRange[] {
  const out: SentenceRange[] = [];
  for (const block of blocks(text, from, to)) {
    const parts = block.heading ? [[block.start, block.end] as const] : splitProse(text, block.start, block.end);
    parts.forEach(([s, e], i) => {
      const range = trim(text, s, e);
      if (range) out.push({ ...range, paragraphStart: i === 0, heading: block.heading });
    });
  }
  return out;
}

interface Block {
  start: number;
  end: number;
  heading: boolean;
}

/**
 * Paragraphs and headings. A blank line always ends a paragraph; a line that ends with
 * closing punctuation ends one too (one-line-per-paragraph text); a line without it is
 * soft-wrapped and continues into the next line.
 */
function blocks(text: string, from: number, to: number): Block[] {
  const lines: Array<{ start: number; end: number }> = [];
  for (let s = from; s < to; ) {
    let e = text.indexOf("\n", s);
    if (e < 0 || e > to) e = to;
    lines.push({ start: s, end: e });
    s = e + 1;
  }
  // The next non-blank line after each line, found in one backward pass (looking ahead from
  // every line would be quadratic in the number of lines).
  const nextNonBlank = new Array<number>(lines.length);
  for (let i = lines.length - 1, next = -1; i >= 0; i--) {
    nextNonBlank[i] = next;
    const l = lines[i]!;
    if (text.slice(l.start, l.end).trim() !== "") next = i;
  }
  const out: Block[] = [];
  let open: Block | undefined;
  lines.forEach((line, i) => {
    const body = text.slice(line.start, line.end);
    if (body.trim() === "") {
      open = undefined;
      return;
    }
    const next = nextNonBlank[i]! >= 0 ? lines[nextNonBlank[i]!] : undefined;
    const nextBody = next && next.start === line.end + 1 ? text.slice(next.start, next.end) : undefined;
    const heading = !open && (/^\s{0,3}#{1,6}\s/.test(body) || looksLikeTitle(body, nextBody));
    if (heading) {
      out.push({ start: line.start, end: line.end, heading: true });
      open = undefined;
      return;
    }
    if (open) open.end = line.end;
    else {
      open = { start: line.start, end: line.end, heading: false };
      out.push(open);
    }
    const softWrapped = !LINE_END_PUNCT.test(body.trimEnd()) && nextBody !== undefined;
    if (!softWrapped) open = undefined;
  });
  return out;
}

// A short line without closing punctuation, not continued in lower case, is a title.
function looksLikeTitle(line: string, next: string | undefined): boolean {
  const t = line.trim();
  if (t.length > 120 || LINE_END_PUNCT.test(t) || /,$/.test(t)) return false;
  if (next !== undefined && /^\s*[\p{Ll}(]/u.test(next)) return false;
  return /^[\p{Lu}\p{N}"“'‘\p{Script=Han}]/u.test(t);
}

/** Sentence ranges of the prose in text[from, to). */
function splitProse(line: string, from: number, to: number): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = line[i]!;
    if (!TERMINAL.test(c)) continue;
    let j = i + 1;
    while (j < to && (TERMINAL.test(line[j]!) || CLOSERS.test(line[j]!))) j++;
    const cjk = /[。！？]/.test(c);
    if (!cjk) {
      if (j < to && !/\s/.test(line[j]!)) continue; // "3.5", "U.S.A", "e.g.x"
      let k = j;
      while (k < to && /\s/.test(line[k]!)) k++;
      if (k >= to) continue; // the block end closes it
      const next = line[k]!;
      if (!/[\p{Lu}\p{N}"“'‘([\p{Script=Han}]/u.test(next)) continue; // "… as in", "etc. and"
      if (c === "." && isAbbreviation(line, i)) continue;
    }
    out.push([start, j]);
    start = j;
    i = j - 1;
  }
  if (start < to) out.push([start, to]);
  return out;
}

function isAbbreviation(line: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && /[\p{L}.]/u.test(line[s - 1]!)) s--;
  const word = line.slice(s, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return true;
  // Single capital initials ("J. Smith") do not end sentences.
  return /^\p{Lu}$/u.test(line.slice(s, dot));
}

function trim(text: string, start: number, end: number): { start: number; end: number } | undefined {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : undefined;
}
