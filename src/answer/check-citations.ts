// Checks a model's reply before anyone sees it, and turns it into an answer whose every
// sentence carries a citation that can be checked:
// - the reply is cut into sentences; markers written after the full stop ("… 2022. [1]")
//   belong to the sentence before;
// - a sentence without a marker, with a marker that points at no given passage, or that the
//   passages it cites do not support (entailment.ts: numbers, names, negation, opposites,
//   coverage of its words) is dropped;
// - each marker becomes the sentence(s) inside the cited passage that back the claim, as
//   exact slices of the loaded document, numbered 1..k in order of first use.
// Generated text is not a quote; the citations are.
import type { SentenceRange } from "../text/sentences.js";
import { sentenceRanges } from "../text/sentences.js";
import { terms } from "../text/tokenize.js";
import { translateQuery } from "../retrieval/translate.js";
import { detectLanguage } from "../text/language.js";
import { supports } from "./entailment.js";
import { numbersOf } from "./numbers.js";
export { numbersOf };
import type { Citation, Passage } from "../types.js";
import { saysNoAnswer } from "./prompt.js";

/** What the check needs from the loaded index (LoadedIndex has both). */
export interface DocumentText {
  document(source: string): string | undefined;
  sentences(source: string): SentenceRange[];
}

export type DropReason = "no_marker" | "invalid_marker" | "unsupported" | "contradicted";

export interface CheckedReply {
  /** The model said the passages do not answer. */
  declined: boolean;
  /** The kept sentences, with markers renumbered to `citations`. Empty when none survived. */
  text: string;
  citations: Citation[];
  kept: number;
  dropped: Array<{ text: string; why: DropReason }>;
}

export interface CheckOptions {
  /** The reply is still arriving: its last sentence may be unfinished, so it waits. */
  partial?: boolean;
}

// One marker: [2], [1, 3], [1-3], [passage 2], 【2】.
const MARKER = /(?:\[|【)\s*(?:passages?\s*)?(\d{1,3}(?:\s*(?:,|;|-|–|and)\s*\d{1,3})*)\s*(?:\]|】)/gi;
// Markers next to each other ("[1][3]", "[1], [2]") form one run.
const MARKER_RUN = new RegExp(`${MARKER.source}(?:\\s*,?\\s*${MARKER.source})*`, "gi");
const LEADING_RUN = new RegExp(`^\\s*${MARKER_RUN.source}`, "i");
// A full stop, then markers, then more text: the sentence ends after the markers.
const STOP_THEN_MARKERS = new RegExp(`[.!?。！？]["”’)]*\\s*${MARKER_RUN.source}(?=\\s+\\S)`, "gi");

interface Unit {
  start: number;
  end: number;
}

export function checkReply(reply: string, passages: Passage[], docs: DocumentText, opts: CheckOptions = {}): CheckedReply {
  const empty = (declined: boolean): CheckedReply => ({ declined, text: "", citations: [], kept: 0, dropped: [] });
  if (saysNoAnswer(reply)) return empty(true);
  let units = sentenceUnits(reply);
  if (opts.partial) units = finishedUnits(reply, units);

  const numbering = new Map<string, Citation>();
  const citations: Citation[] = [];
  const dropped: CheckedReply["dropped"] = [];
  const out: string[] = [];
  let prevEnd = -1;

  for (const u of units) {
    const raw = reply.slice(u.start, u.end);
    const claim = raw.replace(MARKER_RUN, " ").replace(/\s+/g, " ").trim();
    if (!/[\p{L}\p{N}]/u.test(claim)) continue; // stray punctuation or a lone marker
    const cited = citedNumbers(raw);
    const why = verdict(claim, cited, passages);
    if (why) {
      dropped.push({ text: raw, why });
      continue;
    }
    // Each run of markers becomes the citations of the sentences that back the claim.
    const text = raw.replace(MARKER_RUN, (run) => {
      const ns: number[] = [];
      for (const p of numbersIn(run)) {
        for (const span of backingSpans(claim, passages[p - 1]!, docs)) {
          const key = `${span.source}\u0000${span.start}\u0000${span.end}`;
          let c = numbering.get(key);
          if (!c) {
            c = { n: citations.length + 1, ...span, score: round(passages[p - 1]!.score) };
            numbering.set(key, c);
            citations.push(c);
          }
          if (!ns.includes(c.n)) ns.push(c.n);
        }
      }
      return ns.map((n) => `[${n}]`).join("");
    });
    const gap = prevEnd < 0 ? "" : /\n\s*\n/.test(reply.slice(prevEnd, u.start)) ? "\n\n" : reply.slice(prevEnd, u.start).includes("\n") ? "\n" : " ";
    out.push(gap + tidy(text));
    prevEnd = u.end;
  }
  return { declined: false, text: out.join("").trim(), citations, kept: out.length, dropped };
}

/** Why a sentence cannot be shown, or undefined when it can. */
function verdict(claim: string, cited: number[][], passages: Passage[]): DropReason | undefined {
  const all = cited.flat();
  if (all.length === 0) return "no_marker";
  if (all.some((n) => n < 1 || n > passages.length)) return "invalid_marker";
  const texts = [...new Set(all)].map((n) => passages[n - 1]!.chunk.text);
  const support = supportOf(claim, texts.join("\n"));
  return support.ok ? undefined : support.why;
}

/** Whether the cited passages back the claim (see entailment.ts). */
export function supported(claim: string, cited: string): boolean {
  return supportOf(claim, cited).ok;
}

/** The entailment checks read English; a claim in Chinese is checked through its glosses. */
function supportOf(claim: string, cited: string): { ok: boolean; why?: DropReason } {
  if (detectLanguage(claim) !== "zh") return supports(claim, cited);
  return supportedInChinese(claim, cited) ? { ok: true } : { ok: false, why: "unsupported" };
}

/**
 * A claim in Chinese about English passages: its numbers must be in them, and it must share
 * words with them through its dictionary glosses (the entailment checks read English only).
 */
function supportedInChinese(claim: string, cited: string): boolean {
  const have = numbersOf(cited);
  const nums = numbersOf(claim);
  for (const n of nums) if (!have.has(n)) return false;
  const theirs = new Set(terms(cited));
  const inCited = (t: string) => theirs.has(t);
  return nums.size > 0 || translateQuery(claim, inCited).terms.some((t) => t.original && inCited(t.term));
}

/** The sentences of a passage that back a claim (one, or two when the claim spans both). */
function backingSpans(claim: string, passage: Passage, docs: DocumentText): Array<Omit<Citation, "n" | "score">> {
  const { source, start, end } = passage.chunk;
  const doc = docs.document(source);
  const whole = [{ source, start, end, text: passage.chunk.text }];
  if (doc === undefined) return whole;
  const nums = numbersOf(claim);
  const passageTerms = new Set(terms(passage.chunk.text));
  const own = detectLanguage(claim) === "zh" ? new Set(translateQuery(claim, (t) => passageTerms.has(t)).terms.map((t) => t.term)) : new Set(terms(claim));
  const scored = docs
    .sentences(source)
    .filter((s) => s.end > start && s.start < end)
    .map((s) => {
      const text = doc.slice(s.start, s.end);
      const ts = new Set(terms(text));
      const hits = new Set([...own].filter((t) => ts.has(t)));
      const numHits = [...numbersOf(text)].filter((n) => nums.has(n)).length;
      return { s, text, hits, score: hits.size + numHits };
    })
    .filter((x) => x.score > 0);
  if (scored.length === 0) return whole;
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const picks = [best];
  // A second sentence when it holds at least two further words of the claim.
  const second = scored
    .filter((x) => x !== best)
    .map((x) => ({ x, fresh: [...x.hits].filter((t) => !best.hits.has(t)).length }))
    .filter((y) => y.fresh >= 2)
    .sort((a, b) => b.fresh - a.fresh || a.x.s.start - b.x.s.start)[0];
  if (second) picks.push(second.x);
  return picks.sort((a, b) => a.s.start - b.s.start).map((p) => ({ source, start: p.s.start, end: p.s.end, text: p.text }));
}

/**
 * Sentences of the reply, each with the markers written right after its full stop. Every line
 * is cut on its own (lists, paragraphs), and "… end. [2] Next …" ends a sentence after "[2]".
 */
function sentenceUnits(reply: string): Unit[] {
  const units: Unit[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(reply[start]!)) start++;
    if (start < end) units.push({ start, end });
  };
  let offset = 0;
  for (const line of reply.split("\n")) {
    for (const r of sentenceRanges(line)) {
      let from = r.start;
      for (const m of line.slice(r.start, r.end).matchAll(STOP_THEN_MARKERS)) {
        const cut = r.start + m.index + m[0].length;
        push(offset + from, offset + cut);
        from = cut;
      }
      push(offset + from, offset + r.end);
    }
    offset += line.length + 1;
  }
  // Markers that open a sentence were written after the previous one's full stop.
  const out: Unit[] = [];
  for (const u of units) {
    const prev = out[out.length - 1];
    const lead = prev ? LEADING_RUN.exec(reply.slice(u.start, u.end)) : null;
    if (prev && lead && !reply.slice(prev.end, u.start).includes("\n")) {
      prev.end = u.start + lead[0].length;
      u.start = prev.end;
      while (u.start < u.end && /\s/.test(reply[u.start]!)) u.start++;
      if (u.start >= u.end) continue;
    }
    out.push(u);
  }
  return out;
}

/** While streaming: the sentences that are surely complete (a later one has begun with words). */
function finishedUnits(reply: string, units: Unit[]): Unit[] {
  const last = units[units.length - 1];
  if (!last) return [];
  // Markers still arriving ("[1", "[2] [") are not words yet.
  const rest = reply.slice(last.start, last.end).replace(/^(?:\s*[[【][^\]】]*(?:[\]】]|$))*/, "");
  const begun = /\p{L}/u.test(rest);
  return units.slice(0, begun ? -1 : -2);
}

/** The passage numbers of each marker in a text. */
function citedNumbers(text: string): number[][] {
  return [...text.matchAll(MARKER)].map((m) => expand(m[1]!));
}

function numbersIn(run: string): number[] {
  return [...run.matchAll(MARKER)].flatMap((m) => expand(m[1]!));
}

function expand(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(/\s*(?:,|;|and)\s*/)) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part.trim());
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      // "[1-3]" means 1, 2, 3; a reversed or huge range is not a citation.
      if (b >= a && b - a < 10) for (let n = a; n <= b; n++) out.push(n);
      else out.push(a, b);
    } else if (part.trim()) out.push(Number(part.trim()));
  }
  return out;
}

/** Spacing around markers as the answers show them ("… 2022 [1]."), Markdown emphasis removed. */
function tidy(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_, a: string | undefined, b: string | undefined) => a ?? b ?? "")
    .replace(/\s+(?=[.,;:!?])/g, "")
    .replace(/([^\s\]])(\[\d)/g, "$1 $2")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
