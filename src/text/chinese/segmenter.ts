// Chinese word segmentation with jieba (@node-rs/jieba, MIT, a prebuilt native module), loaded
// once per process on first use. Words jieba keeps whole but the dictionary lacks are cut
// again into the longest headwords it has, so each piece can be glossed.
import { createRequire } from "node:module";
import { dictionary, type Lookup } from "./dictionary.js";

interface Jieba {
  cut(text: string, hmm?: boolean): string[];
}

let jieba: { cutter: Jieba; ms: number } | undefined;

/** The segmenter, loaded on first use (about 0.15 s). */
export function segmenter(): { cutter: Jieba; ms: number } {
  if (jieba) return jieba;
  const t0 = performance.now();
  const require = createRequire(import.meta.url);
  const { Jieba } = require("@node-rs/jieba") as { Jieba: { withDict(dict: Uint8Array): Jieba } };
  const { dict } = require("@node-rs/jieba/dict") as { dict: Uint8Array };
  jieba = { cutter: Jieba.withDict(dict), ms: performance.now() - t0 };
  return jieba;
}

const HAN = /\p{Script=Han}/u;

export interface Word {
  text: string;
  /** A piece of a longer word the dictionary lacks (诺 and 布尔 of 诺布尔, a name it does not know). */
  piece: boolean;
  /** The segmenter's whole word (itself, unless a piece). */
  whole: string;
}

/** The words of a Chinese text, each one the dictionary knows where it can be. */
export function segment(text: string): Word[] {
  const { entries, longest } = dictionary();
  const out: Word[] = [];
  for (const word of segmenter().cutter.cut(text, true)) {
    if (!word.trim()) continue;
    if (!HAN.test(word) || entries.has(word)) out.push({ text: word, piece: false, whole: word });
    else for (const piece of longestMatches(word, entries, longest)) out.push({ text: piece, piece: true, whole: word });
  }
  return out;
}

/** Forward maximum matching against the dictionary's headwords. */
function longestMatches(word: string, entries: Lookup<unknown>, longest: number): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i < chars.length; ) {
    let n = Math.min(longest, chars.length - i);
    while (n > 1 && !entries.has(chars.slice(i, i + n).join(""))) n--;
    out.push(chars.slice(i, i + n).join(""));
    i += n;
  }
  return out;
}

/** A word spelled in pinyin without tones, as English text writes Chinese names (猎云网 → lieyunwang). */
export function pinyin(word: string): string | undefined {
  const { syllables } = dictionary();
  let out = "";
  for (const c of word) {
    const s = syllables.get(c);
    if (!s) return undefined;
    out += s;
  }
  return out;
}
