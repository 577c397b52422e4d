// The one service every channel calls: question → retrieve → answer → Answer.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, type Config } from "./config.js";
import { createEmbeddings } from "./embeddings/factory.js";
import type { IdentifiedEmbeddings } from "./embeddings/types.js";
import { openIndex, type LoadedIndex } from "./index/loaded-index.js";
import { answerExtractively, DEFAULT_EXTRACTIVE, type ExtractiveSettings } from "./answer/extractive.js";
import { composeAnswer } from "./answer/compose.js";
import { DEFAULT_RETRIEVAL, Retriever, type Retrieval, type RetrievalSettings } from "./retrieval/retriever.js";
import type { Answer, QaService } from "./types.js";

/** Longest question accepted; longer text is almost always a paste by mistake. */
export const MAX_QUESTION_CHARS = 2000;

/** A question that cannot be asked (empty, too long); the message is for the user. */
export class BadQuestionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadQuestionError";
  }
}

/** Cleans a question (control characters, spacing) or says why it cannot be asked. */
export function cleanQuestion(raw: string): string {
  // Lone surrogates (from invalid UTF-8 or cut emoji) and control characters carry no meaning.
  const q = raw
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, " ")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!q) throw new BadQuestionError("Please type a question.");
  if (q.length > MAX_QUESTION_CHARS) {
    throw new BadQuestionError(`That question is too long (${q.length} characters; the limit is ${MAX_QUESTION_CHARS}). Please shorten it.`);
  }
  return q;
}

export interface AskOptions {
  retrieval?: Partial<RetrievalSettings>;
  extractive?: ExtractiveSettings;
}

export class Qa implements QaService {
  private readonly retriever: Retriever;

  constructor(
    readonly index: LoadedIndex,
    private readonly embeddings: IdentifiedEmbeddings,
    private readonly examples: string[] = [],
    retrieval: RetrievalSettings = DEFAULT_RETRIEVAL,
  ) {
    this.retriever = new Retriever(index, embeddings, retrieval);
  }

  /** Opens the index at config.indexDir with the configured model, warmed up for the first question. */
  static async open(config: Config, embeddings?: IdentifiedEmbeddings): Promise<Qa> {
    if (config.llm !== "none") throw new ConfigError("LLM", `LLM=${config.llm} is not available yet; use LLM=none`);
    const emb = embeddings ?? createEmbeddings(config, { forIngest: false });
    const [index] = await Promise.all([openIndex(config.indexDir, emb), emb.warmUp()]);
    return new Qa(index, emb, await readExamples(config.corpusDir));
  }

  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    return (await this.askTraced(question, opts)).answer;
  }

  /** ask(), also returning the retrieved passages (the evaluation scores both). */
  async askTraced(question: string, opts: AskOptions = {}): Promise<{ answer: Answer; retrieval: Retrieval }> {
    const t0 = performance.now();
    const q = cleanQuestion(question);
    const retrieval = await this.retriever.retrieve(q, opts.retrieval);
    const t1 = performance.now();
    const result = answerExtractively(this.index, retrieval, opts.extractive ?? DEFAULT_EXTRACTIVE);
    const t2 = performance.now();
    const answer = composeAnswer(q, result, {
      retrieveMs: round(t1 - t0),
      answerMs: round(t2 - t1),
      totalMs: round(t2 - t0),
    });
    return { answer, retrieval };
  }

  sources(): string[] {
    return this.index.sources();
  }

  exampleQuestions(): string[] {
    return this.examples;
  }

  async close(): Promise<void> {
    await this.embeddings.close();
  }
}

/**
 * Example questions for /start and /help: one per line in `.planbot-examples.txt` in the
 * corpus folder (a dotfile, so it is never indexed).
 */
async function readExamples(corpusDir: string): Promise<string[]> {
  try {
    const text = await readFile(path.join(corpusDir, ".planbot-examples.txt"), "utf8");
    return text
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"))
      .slice(0, 5);
  } catch {
    return [];
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
