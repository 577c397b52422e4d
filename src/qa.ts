// The one service every channel calls:
// question → (follow-up rewritten) → retrieve → answer (extractive | LLM, checked) → Answer.
import { readFile } from "node:fs/promises";
import path from "node:path";
// LangChain's AsyncLocalStorage: a caller's LangChain callbacks reach this chain's runs.
import "@langchain/core/context";
import { RunnableLambda, RunnableSequence, type Runnable } from "@langchain/core/runnables";
import { secretsOf, type Config } from "./config.js";
import { createEmbeddings } from "./embeddings/factory.js";
import { ProviderEmbeddings } from "./embeddings/provider-embeddings.js";
import type { IdentifiedEmbeddings } from "./embeddings/types.js";
import { checkModel, type LoadedIndex } from "./index/loaded-index.js";
import { servedVersionId } from "./index/published-version.js";
import type { IndexStore } from "./index/store.js";
import { createIndexStore } from "./index/store-factory.js";
import { answerExtractively, DEFAULT_EXTRACTIVE, type ExtractiveResult, type ExtractiveSettings } from "./answer/extractive.js";
import { questionGap } from "./answer/abstention.js";
import { composeAnswer, composeGenerated, withNote } from "./answer/compose.js";
import { LlmAnswerer, type LlmReply } from "./answer/llm-answerer.js";
import { isOverviewQuestion, summarize } from "./answer/overview.js";
import { quoteInContext } from "./citations/quote-context.js";
import { withSourceLinks } from "./citations/source-links.js";
import { chatReply } from "./conversation/chat-reply.js";
import { derivedExamples } from "./conversation/example-questions.js";
import { ConversationMemory, type ChatMemory } from "./conversation/memory.js";
import { smallTalk } from "./conversation/small-talk.js";
import { rewriteFollowUp } from "./conversation/rewrite.js";
import { asLlmError, withDeadline } from "./llm/deadline.js";
import { chatModelId, createChatModel, type ChatSetup } from "./llm/factory.js";
import { createLogger, type Logger } from "./log.js";
import { HybridRetriever } from "./retrieval/langchain-retriever.js";
import { DEFAULT_RETRIEVAL, Retriever, type Retrieval, type RetrievalSettings } from "./retrieval/retriever.js";
import { BOT_WORDS } from "./text/bot-words.js";
import { detectLanguage } from "./text/language.js";
import { terms } from "./text/tokenize.js";
import type { Answer, AskRequest, CitedSpan, Generation, QaService, QuoteInContext, Timings } from "./types.js";
import { BadQuestionError } from "./errors.js";

/** Longest question accepted; longer text is almost always a paste by mistake. */
export const MAX_QUESTION_CHARS = 2000;

/** A question that cannot be asked (empty, too long); the message is for the user. */
// Where it was always imported from; the class lives with the others in errors.ts.
export { BadQuestionError };

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

export type AnswererKind = "extractive" | "llm";

export interface AskOptions extends AskRequest {
  retrieval?: Partial<RetrievalSettings>;
  extractive?: ExtractiveSettings;
  /** Force one answerer (the evaluation compares both); default: the LLM when one is configured. */
  answerer?: AnswererKind;
}

export interface QaOptions {
  /** The configured chat model; without one every answer is extractive. */
  chat?: ChatSetup;
  log?: Logger;
  /** Where chats' recent turns live (default: in this process). */
  memory?: ChatMemory;
}

/** Which models a Qa uses, for reports. */
export interface AnswererInfo {
  answerer: AnswererKind;
  /** "<provider>:<model>@<host>" of the chat model, when one is configured. */
  llm?: string;
  embeddings: string;
}

/** What the answer chain carries from step to step: no model and no key, as tracing may record it. */
interface Asked {
  q: string;
  standalone: string;
  /** Whether the configured model writes this answer. */
  useLlm: boolean;
  deadline: number;
  t0: number;
  opts: AskOptions;
}
interface Retrieved extends Asked {
  retrieval: Retrieval;
  t1: number;
}
interface Replied extends Retrieved {
  extractive: ExtractiveResult;
  reply?: LlmReply;
  /** The model was not asked: no passage can answer. */
  notAsked?: boolean;
}
interface Checked {
  answer: Answer;
  retrieval: Retrieval;
  /** Whether the model's path ran (the chat's memory keeps those turns). */
  generated: boolean;
}

export class Qa implements QaService {
  /** The hybrid retriever, as a LangChain retriever (invoke(question) → Document[]). */
  readonly retriever: HybridRetriever;
  /** retrieve → answer → check, one chain in LangChain callbacks (and LangSmith, when its variables are set). */
  private readonly chain: Runnable<Asked, Checked>;
  private readonly chat?: ChatSetup;
  private readonly llm?: LlmAnswerer;
  private readonly log: Logger;
  private readonly memory: ChatMemory;

  constructor(
    readonly index: LoadedIndex,
    readonly embeddings: IdentifiedEmbeddings,
    private readonly examples: string[] = [],
    private readonly retrieval: RetrievalSettings = DEFAULT_RETRIEVAL,
    options: QaOptions = {},
  ) {
    this.retriever = new HybridRetriever(new Retriever(index, embeddings, retrieval));
    this.chain = RunnableSequence.from([
      RunnableLambda.from((s: Asked) => this.retrieveStep(s)).withConfig({ runName: "retrieve" }),
      RunnableLambda.from((s: Retrieved) => this.answerStep(s)).withConfig({ runName: "answer" }),
      RunnableLambda.from((s: Replied) => this.checkStep(s)).withConfig({ runName: "check" }),
    ]).withConfig({ runName: "planbot" });
    this.chat = options.chat;
    this.llm = options.chat ? new LlmAnswerer(options.chat) : undefined;
    this.log = options.log ?? createLogger();
    this.memory = options.memory ?? new ConversationMemory();
  }

  /** Opens the index at config.indexDir with the configured models, warmed up for the first question. */
  static async open(config: Config, embeddings?: IdentifiedEmbeddings, options: { log?: Logger; memory?: ChatMemory } = {}): Promise<Qa> {
    const emb = embeddings ?? createEmbeddings(config, { forIngest: false });
    const log = options.log ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
    const store = await createIndexStore(config);
    let index: LoadedIndex;
    try {
      if (emb instanceof ProviderEmbeddings) await adoptIndexDims(store, emb);
      [index] = await Promise.all([store.open(emb), emb.warmUp()]);
    } finally {
      await store.close();
    }
    return new Qa(index, emb, await readExamples(config.corpusDir), DEFAULT_RETRIEVAL, { chat: await createChatModel(config), log, memory: options.memory });
  }

  /** The same service over another version of the index (models and memory shared; live-qa.ts). */
  withIndex(index: LoadedIndex): Qa {
    return new Qa(index, this.embeddings, this.examples, this.retrieval, { chat: this.chat, log: this.log, memory: this.memory });
  }

  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    // Feedback on the answer names the version it came from (a live process swaps versions).
    return { ...(await this.askTraced(question, opts)).answer, indexVersion: servedVersionId(this.index) };
  }

  /** A cited passage with the sentences around it, from this index (`/quote N`, "Show in context"). */
  quoteInContext(citation: CitedSpan): QuoteInContext | undefined {
    return quoteInContext(this.index, citation);
  }

  /** ask(), also returning the retrieved passages (the evaluation scores both). */
  async askTraced(question: string, opts: AskOptions = {}): Promise<{ answer: Answer; retrieval: Retrieval }> {
    const t0 = performance.now();
    const q = cleanQuestion(question);
    // Greetings, thanks and "what can you do" get the bot's own words, not a search.
    const talk = smallTalk(q);
    if (talk) {
      const text = chatReply(talk, detectLanguage(q), { sources: this.sources(), examples: this.exampleQuestions() });
      const ms = round(performance.now() - t0);
      const answer: Answer = { question: q, answer: text, kind: "chat", abstained: false, citations: [], timings: { retrieveMs: 0, answerMs: ms, totalMs: ms } };
      return { answer, retrieval: { query: { text: q, terms: [], names: [] }, passages: [], embedMs: 0, searchMs: 0 } };
    }
    const chat = (opts.answerer ?? "llm") === "llm" ? this.chat : undefined;
    // One deadline for everything the model does for this question (rewrite and answer).
    const deadline = Date.now() + (chat?.timeoutMs ?? 0);
    const standalone = chat && opts.chatId ? await this.standalone(chat, opts.chatId, q, deadline) : q;
    const { answer, retrieval, generated } = await this.chain.invoke({ q, standalone, useLlm: chat !== undefined, deadline, t0, opts });
    if (generated) {
      if (standalone !== q) answer.generation!.standaloneQuestion = standalone;
      if (opts.chatId) {
        const said = answer.abstained ? "(the documents do not say)" : answer.answer.replace(/\n\n\(The language model [^)]*\)$/, "");
        await this.memory.add(opts.chatId, standalone, said);
      }
    }
    return { answer: withSourceLinks(answer, this.index.manifest), retrieval };
  }

  /**
   * The extractive answer to a question from its retrieved passages (an overview or quotes), or
   * the abstention. `npm run eval -- --calibrate` sweeps settings through this very function.
   */
  answerFrom(question: string, retrieval: Retrieval, settings: ExtractiveSettings = DEFAULT_EXTRACTIVE): ExtractiveResult {
    return isOverviewQuestion(question) ? this.overview(question, retrieval) : answerExtractively(this.index, retrieval, settings);
  }

  /** Step 1 of the chain: the passages for the (standalone) question. */
  private async retrieveStep(s: Asked): Promise<Retrieved> {
    const retrieval = await this.retrieve(s.standalone, s.opts.retrieval);
    return { ...s, retrieval, t1: performance.now() };
  }

  /** Step 2: the extractive answer, and the model's reply when a model writes this one. */
  private async answerStep(s: Retrieved): Promise<Replied> {
    const overview = isOverviewQuestion(s.standalone);
    const extractive = this.answerFrom(s.standalone, s.retrieval, s.opts.extractive);
    if (!s.useLlm || overview) return { ...s, extractive };
    // Nothing retrieved, or the question names what the documents never mention: no passage
    // can answer it, so the model is not asked (the extractive answer says why).
    const gap = questionGap(s.retrieval.query, (t) => this.index.hasTerm(t));
    if (s.retrieval.passages.length === 0 || gap) return { ...s, extractive, notAsked: true };
    const reply = await this.llm!.reply({
      question: s.standalone,
      passages: s.retrieval.passages,
      docs: this.index,
      deadline: s.deadline,
      onPartial: s.opts.onPartial,
    });
    return { ...s, extractive, reply };
  }

  /** Step 3: the checked-citation pass over the model's reply, and the Answer (or the fallback). */
  private checkStep(s: Replied): Checked {
    const { q, retrieval, extractive } = s;
    const timings = (): Timings => {
      const t2 = performance.now();
      return { retrieveMs: round(s.t1 - s.t0), answerMs: round(t2 - s.t1), totalMs: round(t2 - s.t0) };
    };
    if (!s.reply && !s.notAsked) {
      const answer = composeAnswer(q, extractive, timings());
      if (this.chat) answer.generation = { by: "extractive", model: chatModelId(this.chat) };
      return { answer, retrieval, generated: false };
    }
    const model = chatModelId(this.chat!);
    const gen = (g: Omit<Generation, "model">): Generation => ({ model, ...g });
    const done = (answer: Answer): Checked => ({ answer, retrieval, generated: true });
    if (!s.reply) return done({ ...composeAnswer(q, extractive, timings()), generation: gen({ by: "extractive", declined: true }) });
    if (s.reply.kind === "failed") {
      const { error } = s.reply;
      const fallback = error.kind === "timeout" ? "timeout" : error.kind === "rate_limited" ? "rate_limited" : "error";
      this.log.warn("llm: no usable answer; showing the extractive one", { model, kind: error.kind, status: error.status, error: error.message });
      return done({ ...withNote(composeAnswer(q, extractive, timings()), BOT_WORDS[detectLanguage(q)].llmFallback[fallback]), generation: gen({ by: "extractive", fallback }) });
    }
    const outcome = this.llm!.check(s.reply.raw, { passages: retrieval.passages, docs: this.index });
    const dropped = outcome.checked.dropped.length;
    if (outcome.kind === "answered") {
      if (dropped) this.log.debug("llm: sentences left out by the citation check", { reasons: outcome.checked.dropped.map((d) => d.why) });
      return done({ ...composeGenerated(q, outcome.text, outcome.citations, timings()), generation: gen({ by: "llm", droppedSentences: dropped }) });
    }
    // Declined: the closest sentences are shown as such, so they are not mistaken for an answer.
    const closest: ExtractiveResult = { ...extractive, abstained: true, reason: undefined, picks: extractive.picks.slice(0, 2) };
    return done({ ...composeAnswer(q, closest, timings()), generation: gen({ by: "llm", declined: true, droppedSentences: dropped }) });
  }

  /**
   * An overview: the gist of the document the question names, else of the one its best
   * passage comes from; with several documents the reply says which there are.
   */
  private overview(q: string, retrieval: Retrieval): ExtractiveResult {
    const sources = this.index.sources();
    const asked = new Set(terms(q));
    const named = sources.find((s) => {
      const ts = terms(s.replace(/\.[a-z]+$/i, "").replace(/[-_/]+/g, " "));
      return ts.length > 0 && ts.filter((t) => asked.has(t)).length >= Math.min(2, ts.length);
    });
    const source = named ?? retrieval.passages[0]?.chunk.source ?? sources[0];
    const picks = source ? summarize(this.index, source) : [];
    if (picks.length === 0) return { abstained: true, reason: "Nothing in them can be summarized.", picks };
    const list = sources.slice(0, 5).join(", ") + (sources.length > 5 ? ` and ${sources.length - 5} more` : "");
    const preface = sources.length > 1 ? `There are ${sources.length} documents (${list}). In brief, ${source}:` : undefined;
    return { abstained: false, picks, preface };
  }

  /** Which answerer and models this service uses. */
  answererInfo(): AnswererInfo {
    return {
      answerer: this.chat ? "llm" : "extractive",
      llm: this.chat ? chatModelId(this.chat) : undefined,
      embeddings: this.embeddings.modelId,
    };
  }

  /** The follow-up as a standalone question, when the chat has history; the question itself otherwise. */
  private async standalone(chat: ChatSetup, chatId: string, q: string, deadline: number): Promise<string> {
    const history = await this.memory.recent(chatId);
    if (history.length === 0) return q;
    // The rewrite may take half the time; the answer keeps the rest.
    const budget = Math.min(deadline - Date.now(), chat.timeoutMs / 2);
    try {
      const rewritten = await withDeadline(budget, "rewriting the follow-up", (signal) => rewriteFollowUp(chat.model, history, q, { signal, maxChars: MAX_QUESTION_CHARS }));
      this.log.debug("llm: follow-up rewritten", { chars: rewritten.length, changed: rewritten !== q });
      return rewritten;
    } catch (err) {
      const e = asLlmError(err, chat.source);
      this.log.warn("llm: could not rewrite the follow-up; searching for it as asked", { kind: e.kind, error: e.message });
      return q;
    }
  }

  /** Retrieval; when the embedding server fails, lexical search alone still answers. */
  private async retrieve(q: string, settings: Partial<RetrievalSettings> = {}): Promise<Retrieval> {
    try {
      return await this.retriever.retrieve(q, settings);
    } catch (err) {
      if (!(this.embeddings instanceof ProviderEmbeddings) || settings.mode === "lexical") throw err;
      const e = asLlmError(err);
      this.log.warn("embeddings: the server failed; answering from lexical search only", { kind: e.kind, error: e.message });
      return this.retriever.retrieve(q, { ...settings, mode: "lexical" });
    }
  }

  sources(): string[] {
    return this.index.sources();
  }

  exampleQuestions(): string[] {
    return this.examples.length ? this.examples : derivedExamples(this.index);
  }

  async close(): Promise<void> {
    await Promise.all([this.embeddings.close(), this.index.close()]);
  }
}

/**
 * A remote embedding model learns its vector size from the index when the index was built with
 * it, so opening needs no call to the server (a size that disagrees shows at the first
 * question, which then falls back to lexical search). An index built with another model is
 * refused here, before any call, with the command that fixes it.
 */
async function adoptIndexDims(store: IndexStore, emb: ProviderEmbeddings): Promise<void> {
  const manifest = await store.manifest();
  if (!manifest) return; // open() says there is no index
  checkModel(manifest.embedding, emb, store.where);
  emb.assumeDims(manifest.embedding.dims);
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
