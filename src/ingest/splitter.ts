// Structure-aware splitter: sections start at headings, chunks grow paragraph by paragraph
// up to a target size, long paragraphs are cut between sentences with a sentence of overlap,
// and every chunk is a contiguous range of the loaded text: chunk.text === text.slice(start, end).
import { createHash } from "node:crypto";
import { sentenceRanges, type SentenceRange } from "../text/sentences.js";
import type { Chunk } from "../types.js";

export interface SplitterOptions {
  /** A chunk stops taking whole paragraphs once it has this many characters. */
  targetChars: number;
  /** No chunk is longer than this (a longer sentence is cut at spaces). */
  maxChars: number;
  /** Sentences repeated at the start of the next chunk when a paragraph is cut. */
  overlapSentences: number;
}

export const DEFAULT_SPLITTER: SplitterOptions = { targetChars: 350, maxChars: 900, overlapSentences: 1 };

export function splitDocument(source: string, text: string, opts: SplitterOptions = DEFAULT_SPLITTER): Chunk[] {
  const units = sentenceRanges(text).flatMap((s) => cutLong(text, s, opts.maxChars));
  const chunks: Chunk[] = [];
  let current: SentenceRange[] = [];
  let heading: string | undefined;

  const size = (list: SentenceRange[]) => (list.length ? list[list.length - 1]!.end - list[0]!.start : 0);
  // Headings wait for the text under them; at the end of the document they stand alone.
  const flush = (last = false) => {
    if (current.length && (last || !current.every((s) => s.heading))) {
      const start = current[0]!.start;
      const end = current[current.length - 1]!.end;
      chunks.push(makeChunk(source, text, start, end, heading));
    }
  };

  for (const s of units) {
    if (s.heading) {
      if (!current.every((c) => c.heading)) {
        flush();
        current = [];
      }
      current.push(s);
      heading = text.slice(s.start, s.end).replace(/^\s*#+\s*/, "");
      continue;
    }
    const grown = size([...current, s]);
    const full = grown > opts.maxChars || (s.paragraphStart && size(current) >= opts.targetChars);
    if (current.length && !current.every((c) => c.heading) && full) {
      flush();
      // Overlap only inside a paragraph, where the cut breaks a line of thought.
      const keep = s.paragraphStart ? [] : current.filter((c) => !c.heading).slice(-opts.overlapSentences);
      current = size([...keep, s]) <= opts.maxChars ? keep : [];
    }
    current.push(s);
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
    let cut = text.lastIndexOf(" ", start + max);
    if (cut <= start) cut = start + max;
    // Never cut between the halves of a surrogate pair.
    if (/[\uDC00-\uDFFF]/.test(text[cut] ?? "")) cut--;
    out.push({ start, end: cut, paragraphStart: start === s.start && s.paragraphStart, heading: false });
    start = cut;
    while (start < s.end && /\s/.test(text[start]!)) start++;
  }
  if (start < s.end) out.push({ start, end: s.end, paragraphStart: false, heading: false });
  return out;
}
