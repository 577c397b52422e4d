// A sentence chosen to quote, with the scores that chose it: made by extractive.ts, judged by
// abstention.ts (its own file so that neither imports the other).
export interface SentencePick {
  source: string;
  start: number;
  end: number;
  text: string;
  score: number;
  /** Share of the question's term weight (by IDF) found in the sentence. */
  coverage: number;
  /** Cosine of the passage the sentence came from. */
  dense: number;
  /** The short answer inside the sentence (document offsets), for a direct question. */
  highlight?: { start: number; end: number };
}
