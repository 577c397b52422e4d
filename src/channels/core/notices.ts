// Everything a channel says besides answers, as the core decides it: each adapter renders every
// notice in its own markup and words (texts.ts in its folder), so a new channel cannot forget
// one (the compiler asks for each kind) and no channel decides on its own when to say what.
import type { DocumentInfo } from "../../admin/documents.js";
import type { Answer, QuoteInContext } from "../../types.js";
import type { Language } from "../../text/language.js";

/** A passage in context, with the source number the answer gave it (core/quotes.ts). */
export type QuotedPassage = QuoteInContext & { n: number };

/** Why nothing is quoted: no answer to quote from, an answer without sources, N not one of them, not a number, the document changed since. */
export type NoQuote = "no-answer" | "no-citations" | "out-of-range" | "not-a-number" | "changed";

export type Notice =
  /** The place is not on the allowlist; `place` is its id (for whoever runs the bot). */
  | { kind: "not-allowed"; place: string }
  /** A sticker, photo, voice… where a text was expected. */
  | { kind: "not-text" }
  /** The bot was addressed without a question (`via` a mention or a command such as /ask). */
  | { kind: "usage"; via: "mention" | "command"; example?: string; language: Language }
  /** What the bot knows and how to ask (/start, /help, "help"). */
  | { kind: "help"; sources: string[]; examples: string[]; language: Language }
  /** The documents the bot can quote (/sources). */
  | { kind: "sources"; sources: string[] }
  | { kind: "unknown-command" }
  | { kind: "rate-limited"; retryAfterS: number }
  /** The QaService's own words on why a question cannot be asked (plain text). */
  | { kind: "bad-question"; message: string }
  | { kind: "apology" }
  // ---- document management (core/documents.ts) ----
  /** /sources with document details: name, size, chunks, when added. */
  | { kind: "documents"; documents: DocumentInfo[]; language: Language }
  /** An admin action (add, remove, reindex) done or refused; `message` is DocumentAdmin's (English). */
  | { kind: "document-result"; ok: boolean; message: string; language: Language }
  /** An admin command without its argument (/remove without a name). */
  | { kind: "document-usage"; command: "remove"; language: Language }
  /** Where the reply must come at once (Slack's /ask ack): the work has started. */
  | { kind: "document-working"; language: Language }
  /** Cited passages in their context (`/quote N`: one; "Show in context": each of an answer's). */
  | { kind: "quote"; quotes: QuotedPassage[] }
  /** Why no passage can be shown; `count` is how many sources the answer has, `n` the one asked for. */
  | { kind: "no-quote"; why: NoQuote; n?: number; count: number }
  /** After a 👎: what was wrong? (optional, one line). */
  | { kind: "reason-prompt" }
  /** The reason was stored. */
  | { kind: "reason-noted" };

/** An adapter's words: notices and answers as its messages (one notice may need several). */
export interface Texts<M> {
  notice(notice: Notice): M[];
  answer(answer: Answer): M[];
}
