// The lexical side in Postgres: each chunk's own terms (planbot's tokenizer, so both stores
// match the same words) as a tsvector literal, with one position per occurrence so that a
// term's frequency is the length of its position list.
import { terms } from "../../text/tokenize.js";

/** Postgres keeps at most 256 positions per lexeme and none past 16383. */
const MAX_POSITIONS = 256;
const MAX_POSITION = 16383;
/** A lexeme longer than this (in UTF-8 bytes) is refused by Postgres. */
const MAX_LEXEME_BYTES = 2046;

export interface LexicalRow {
  /** Number of terms (BM25's document length). */
  len: number;
  tsv: string;
}

export function lexicalRow(text: string): LexicalRow {
  const ts = terms(text);
  const positions = new Map<string, number[]>();
  ts.forEach((t, k) => {
    if (Buffer.byteLength(t) > MAX_LEXEME_BYTES) return;
    const list = positions.get(t) ?? [];
    if (list.length < MAX_POSITIONS) list.push(Math.min(k + 1, MAX_POSITION));
    positions.set(t, list);
  });
  const parts: string[] = [];
  for (const [t, list] of positions) parts.push(`${quote(t)}:${list.join(",")}`);
  return { len: ts.length, tsv: parts.join(" ") };
}

/** `a | b | c` over the query's terms, each quoted as a lexeme. */
export function anyOf(lexemes: string[]): string {
  return lexemes.map(quote).join(" | ");
}

function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}
