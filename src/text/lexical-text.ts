// What the lexical index (BM25 in the folder, full-text search in Postgres) sees of a chunk.
import type { Chunk } from "../types.js";

/** The text the lexical index sees: the chunk, plus its heading for topic words. */
export function lexicalText(chunk: Chunk): string {
  return chunk.heading && !chunk.text.startsWith(chunk.heading) ? `${chunk.heading}\n${chunk.text}` : chunk.text;
}
