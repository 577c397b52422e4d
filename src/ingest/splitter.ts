// Structure-aware splitter: sections start at headings, chunks grow paragraph by paragraph
// up to a target size, long paragraphs are cut between sentences with a sentence of overlap,
// and every chunk is a contiguous range of the loaded text: chunk.text === text.slice(start, end).
import { createHash } from "node:crypto";
import { sentenceRanges, type SentenceRange } from "../text/sentences.js";
import type { SplitterOptions } from "../index/manifest.js";
import type { Chunk } from "../types.js";

export const DEFAULT_SPLITTER: SplitterOptions = { targetChars: 350, maxChars: 900, overlapSentences: 1 };

export function splitDocument(source: string, text: string, opts: SplitterOptions = DEFAULT_SPLITTER): Chunk[] {
  const units = sentenceRanges(text).flatMap((s) => cutLong(text, s, opts.maxChars));
  const chunks: Chunk[] = [];
  let current: SentenceRange[] = [];
  /** Units in `current` that are not headings (counted, so no step rescans `current`). */
  let bodies = 0;
  let heading: string | undefined;

  const size = (list: SentenceRange[]) => (list.length ? list[list.length - 1]!.end - list[0]!.start : 0);
  const sizeWith = (s: SentenceRange) => s.end - (current.length ? current[0]!.start : s.start);
  const reset = (keep: SentenceRange[]) => {
    current = keep;
    bodies = keep.reduce((n, c) => n + (c.heading ? 0 : 1), 0);
  };
  // Headings wait for the text under them; at the end of the document they stand alone.
  const flush = (last = false) => {
    if (current.length && (last || bodies > 0)) {
      const start = current[0]!.start;
      const end = current[current.length - 1]!.end;
      chunks.push(makeChunk(source, text, start, end, heading));
    }
  };

  for (const s of units) {
    if (s.heading) {
      if (bodies > 0) {
        flush();
        reset([]);
      } else if (current.length && sizeWith(s) > opts.maxChars) {
        flush(true); // a run of headings longer than a chunk stands alone
        reset([]);
      }
      current.push(s);
      heading = text.slice(s.start, s.end).replace(/^\s*#+\s*/, "");
      continue;
    }
    const grown = sizeWith(s);
    const full = grown > opts.maxChars || (s.paragraphStart && size(current) >= opts.targetChars);
    if (current.length && bodies > 0 && full) {
      flush();
      // Overlap only inside a paragraph, where the cut breaks a line of thought.
      // (slice(-0) would keep everything: no overlap means none.)
      const keep = s.paragraphStart || opts.overlapSentences <= 0 ? [] : current.filter((c) => !c.heading).slice(-opts.overlapSentences);
      reset(size([...keep, s]) <= opts.maxChars ? keep : []);
    } else if (current.length && bodies === 0 && grown > opts.maxChars) {
      flush(true); // headings that would push their first sentence past the limit stand alone
      reset([]);
    }
    current.push(s);
    bodies++;
  }
  flush(true);
  return chunks;
}

function makeChunk(source: string, text: string, start: number, end: number, heading?: string): Chunk {
  const slice = text.slice(start, end);
  const id = createHash("sha256").update(`${source}\0${start}\0${slice}`).digest("hex").slice(0, 20);
  return heading ? { id, source, start, end, text: slice, heading } : { id, source, start, end, text: slice };
}

/** The text given to the embedding model: the section heading gives a short chunk its topic. */
export function embeddingText(chunk: Chunk): string {
  const body = chunk.text.length > 2000 ? chunk.text.slice(0, 2000) : chunk.text;
  return chunk.heading && !chunk.text.startsWith(chunk.heading) ? `${chunk.heading}\n${body}` : body;
}

// A sentence longer than the chunk limit is cut at spaces into pieces that fit.
function cutLong(text: string, s: SentenceRange, max: number): SentenceRange[] {
  if (s.end - s.start <= max) return [s];
  const out: SentenceRange[] = [];
  let start = s.start;
  while (s.end - start > max) {
    // The last space inside the window (a search bounded by the window: text without spaces
    // must not make every cut scan back to the start of the document).
    let cut = start + max;
    while (cut > start && text.charCodeAt(cut) !== 32) cut--;
    if (cut <= start) cut = hardCut(text, start, start + max);
    out.push({ start, end: cut, paragraphStart: start === s.start && s.paragraphStart, heading: false });
    start = cut;
    while (start < s.end && /\s/.test(text[start]!)) start++;
  }
  if (start < s.end) out.push({ start, end: s.end, paragraphStart: false, heading: false });
  return out;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Where to cut a run without spaces at or before `at`: at the last boundary between user-visible
 * characters (never inside é written as e + accent, 👨‍👩‍👧 or a flag), at least one character
 * after `start`. A single cluster longer than the window (a letter under a pile of accents) is
 * cut inside, but never between the halves of a surrogate pair.
 */
function hardCut(text: string, start: number, at: number): number {
  let cut = start;
  // The window plus a little context, so the cluster at the cut is seen whole.
  for (const g of graphemes.segment(text.slice(start, at + 16))) {
    const end = start + g.index + g.segment.length;
    if (end > at) break;
    cut = end;
  }
  if (cut > start) return cut;
  const low = (i: number) => text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff;
  if (!low(at)) return at;
  return at - 1 > start ? at - 1 : at + 1;
}
