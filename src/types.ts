// The types that cross every boundary of planbot (see DESIGN.md).

/** One quoted passage: `text === loadedText(source).slice(start, end)`. */
export interface Citation {
  n: number;
  /** Path of the document relative to the corpus folder, with forward slashes. */
  source: string;
  text: string;
  start: number;
  end: number;
  score: number;
}

export interface Timings {
  retrieveMs: number;
  answerMs: number;
  totalMs: number;
}

export interface Answer {
  question: string;
  /** The reply, with `[n]` markers that each point at a citation. */
  answer: string;
  /** True when the documents do not hold the answer; `answer` then says so plainly. */
  abstained: boolean;
  citations: Citation[];
  timings: Timings;
}

/** The one service every channel calls. Channels never reach past it into retrieval. */
export interface QaService {
  ask(question: string): Promise<Answer>;
  /** Documents in the loaded index (paths relative to the corpus folder). */
  sources(): string[];
  /** A few questions the corpus can answer, for /start and /help texts. */
  exampleQuestions(): string[];
}

/** A span of a loaded document. `text === doc.text.slice(start, end)`. */
export interface Span {
  source: string;
  start: number;
  end: number;
  text: string;
}

/** A chunk as stored in the index: a span plus its stable id and position. */
export interface Chunk extends Span {
  id: string;
  /** Heading path above the chunk (e.g. "Plan > Goals"), for display and lexical boost. */
  heading?: string;
}

/** A chunk returned by a retriever, with the scores that ranked it. */
export interface Passage {
  chunk: Chunk;
  score: number;
  dense?: number;
  lexical?: number;
}
