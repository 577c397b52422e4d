// The types that cross every boundary of planbot (see docs/architecture.md, The Answer JSON).

/** One quoted passage: `text === loadedText(source).slice(start, end)`. */
export interface Citation {
  n: number;
  /** Path of the document relative to the corpus folder, with forward slashes. */
  source: string;
  text: string;
  start: number;
  end: number;
  score: number;
  /**
   * The short answer inside this quote (a district, "five to ten", "2018-2022"), as offsets into
   * the same document: `text.slice(highlight.start - start, highlight.end - start)` is it.
   */
  highlight?: { start: number; end: number };
  /** The document's original address, when it records one (front matter, canonical link, PDF metadata, .planbot-sources.json). */
  url?: string;
  /** PDF: the page the quote begins on (1-based). */
  page?: number;
}

/**
 * What a reply is: "answer" quotes the documents; "abstain" says they do not hold the answer;
 * "chat" is the bot's own words to a greeting, thanks or "what can you do" (no citations).
 */
export type AnswerKind = "answer" | "abstain" | "chat";

export interface Timings {
  retrieveMs: number;
  answerMs: number;
  totalMs: number;
}

export interface Answer {
  question: string;
  /** The reply, with `[n]` markers that each point at a citation. */
  answer: string;
  kind: AnswerKind;
  /** True when the documents do not hold the answer (kind "abstain"); `answer` then says so plainly. */
  abstained: boolean;
  citations: Citation[];
  timings: Timings;
  /** How the answer was made; only present when a language model is configured (LLM != none). */
  generation?: Generation;
  /** The index version that answered (a version folder's name, or the Postgres version number): feedback records it. */
  indexVersion?: string;
}

/** Which answerer produced an Answer, when a language model is configured. */
export interface Generation {
  /** "llm": the model's reply, checked; "extractive": quoted sentences (model not asked, or failed). */
  by: "llm" | "extractive";
  /** The configured model, "<provider>:<model>@<host>". */
  model: string;
  /** Why the quoted sentences are shown instead of the model's answer. */
  fallback?: "timeout" | "rate_limited" | "error";
  /** The model said the passages do not answer, or none of its sentences passed the check. */
  declined?: boolean;
  /** Sentences of the model's reply that the check left out (no marker, bad marker, unsupported). */
  droppedSentences?: number;
  /** A follow-up rewritten into a standalone question: what was searched for and answered. */
  standaloneQuestion?: string;
}

/** Optional context for one question. */
export interface AskRequest {
  /** The conversation it belongs to (e.g. "telegram:<chat id>"): follow-ups are read in its light. */
  chatId?: string;
  /**
   * Called with the answer so far while a language model writes it: checked sentences only,
   * markers already numbered like the final answer's. Never called for extractive answers.
   */
  onPartial?: (textSoFar: string) => void;
}

/** The one service every channel calls. Channels never reach past it into retrieval. */
export interface QaService {
  ask(question: string, request?: AskRequest): Promise<Answer>;
  /** Documents in the loaded index (paths relative to the corpus folder). */
  sources(): string[];
  /** A few questions the corpus can answer, for /start and /help texts. */
  exampleQuestions(): string[];
  /**
   * A cited passage with the sentences around it, from the index served now (`/quote N`, "Show
   * in context"); undefined when the document no longer holds it. Without `text` the offsets are
   * taken as they are. A service with no documents to show (a test double) leaves it out.
   */
  quoteInContext?(citation: CitedSpan): QuoteInContext | undefined;
}

/** Where a citation points: enough to find its passage again. */
export type CitedSpan = Pick<Citation, "source" | "start" | "end"> & { text?: string };

/** A cited passage in its context (citations/quote-context.ts builds it). */
export interface QuoteInContext {
  source: string;
  /** The quote's offsets in the document's loaded text (`text === document.slice(start, end)`). */
  start: number;
  end: number;
  page?: number;
  /** The link to the passage, when the document has an address. */
  href?: string;
  /** Text before the quote, the quote itself, text after it: consecutive slices of the document. */
  before: string;
  text: string;
  after: string;
  /** Where `before` begins and `after` ends. */
  contextStart: number;
  contextEnd: number;
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
