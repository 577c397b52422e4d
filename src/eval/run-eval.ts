// Runs a dataset through the real service (the same ask() the channels call) once per
// retriever, and judges every answer.
import path from "node:path";
import { loadBytes, readBytes } from "../ingest/loaders/index.js";
import type { AnswererInfo, AnswererKind, AskOptions, Qa } from "../qa.js";
import { BadQuestionError } from "../qa.js";
import type { RetrieverMode } from "../retrieval/retriever.js";
import type { Answer } from "../types.js";
import type { EvalItem } from "./dataset.js";
import { citationsOnGold, citesAny, goldParagraphs, goldRank, goldSpans, groupsMatched, leadMatched, validCitations } from "./judge.js";
import { computeMetrics, metricsByTag, type Metrics, type QuestionResult } from "./metrics.js";

export interface RetrieverReport {
  retriever?: RetrieverMode;
  /** Which answerer produced these answers. */
  answerer?: AnswererKind;
  /** With a language model: how its answers came about. */
  generation?: GenerationStats;
  overall: Metrics;
  byTag: Record<string, Metrics>;
  questions: QuestionResult[];
}

export interface GenerationStats {
  /** Answers written by the model (checked). */
  generated: number;
  /** The model said the passages do not answer, or nothing it wrote passed the citation check. */
  declined: number;
  /** The extractive answer shown instead, by cause. */
  fallbacks: { timeout: number; rate_limited: number; error: number };
  /** Sentences of the model's replies left out by the citation check. */
  droppedSentences: number;
}

export interface EvalReport {
  dataset: string;
  corpus: string;
  createdAt: string;
  /** The models behind the answers: the configured answerer, the chat model (if any), the embeddings. */
  models?: AnswererInfo;
  /**
   * One entry per retriever ("hybrid"), or per retriever and answerer ("hybrid/llm",
   * "hybrid/extractive") when answerers are compared in one run.
   */
  retrievers: Record<string, RetrieverReport>;
}

/**
 * Loads the corpus's documents straight from their files, independently of the index, so
 * that citation validity checks the index against the source of truth.
 */
export function corpusReader(corpusDir: string) {
  const cache = new Map<string, string | undefined>();
  return {
    async load(sources: string[]): Promise<void> {
      for (const s of sources) {
        if (cache.has(s)) continue;
        const file = path.join(corpusDir, s);
        const read = await readBytes(file);
        const loaded = read.ok ? await loadBytes(file, read.bytes) : undefined;
        cache.set(s, loaded?.ok ? loaded.text : undefined);
      }
    },
    text: (source: string) => cache.get(source),
  };
}

export async function evaluate(
  qa: Qa,
  items: EvalItem[],
  opts: {
    retrievers: RetrieverMode[];
    corpusDir: string;
    dataset: string;
    ask?: AskOptions;
    /** Answerers to run (default: the configured one); two compare extractive and generated answers. */
    answerers?: AnswererKind[];
    onProgress?: (done: number, total: number) => void;
  },
): Promise<EvalReport> {
  const docs = corpusReader(opts.corpusDir);
  await docs.load([...new Set([...qa.sources(), ...items.flatMap((i) => i.gold.map((g) => g.source))])]);
  const models = qa.answererInfo();
  const answerers = opts.answerers?.length ? opts.answerers : [models.answerer];
  const report: EvalReport = { dataset: opts.dataset, corpus: opts.corpusDir, createdAt: new Date().toISOString(), models, retrievers: {} };
  const total = items.length * opts.retrievers.length * answerers.length;
  let done = 0;
  for (const answerer of answerers) {
    for (const mode of opts.retrievers) {
      const results: QuestionResult[] = [];
      for (const item of items) {
        results.push(await judgeOne(qa, item, mode, docs.text, { ...opts.ask, answerer }));
        opts.onProgress?.(++done, total);
      }
      const key = answerers.length > 1 ? `${mode}/${answerer}` : mode;
      report.retrievers[key] = {
        retriever: mode,
        answerer,
        ...(answerer === "llm" ? { generation: generationStats(results) } : {}),
        overall: computeMetrics(results),
        byTag: metricsByTag(results),
        questions: results,
      };
    }
  }
  return report;
}

export function generationStats(results: QuestionResult[]): GenerationStats {
  const stats: GenerationStats = { generated: 0, declined: 0, fallbacks: { timeout: 0, rate_limited: 0, error: 0 }, droppedSentences: 0 };
  for (const r of results) {
    const g = r.answer.generation;
    if (!g) continue;
    if (g.fallback) stats.fallbacks[g.fallback]++;
    else if (g.declined) stats.declined++;
    else if (g.by === "llm") stats.generated++;
    stats.droppedSentences += g.droppedSentences ?? 0;
  }
  return stats;
}

async function judgeOne(qa: Qa, item: EvalItem, mode: RetrieverMode, text: (source: string) => string | undefined, ask: AskOptions = {}): Promise<QuestionResult> {
  const t0 = performance.now();
  let traced;
  try {
    traced = await qa.askTraced(item.question, { ...ask, retrieval: { ...ask.retrieval, mode } });
  } catch (err) {
    if (!(err instanceof BadQuestionError)) throw err;
    const answer: Answer = { question: item.question, answer: err.message, kind: "abstain", abstained: true, citations: [], timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 } };
    traced = { answer, retrieval: { passages: [] } };
  }
  const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
  const { answer, retrieval } = traced;
  const spans = goldSpans(item, text);
  const matched = groupsMatched(item, answer);
  const hasGold = item.answerable && item.gold.length > 0;
  const rank = hasGold ? goldRank(item, retrieval.passages, spans) : undefined;
  const correct =
    item.kind === "chat" ? answer.kind === "chat" && answer.citations.length === 0 : item.kind === "answer" ? answer.kind === "answer" && matched === item.answers.length : answer.abstained;
  return {
    id: item.id,
    question: item.question,
    // The expected kind is a row of the report too.
    tags: [...item.tags, `kind:${item.kind}`],
    answerable: item.answerable,
    kind: item.kind,
    gotKind: answer.kind,
    abstained: answer.abstained,
    groupsMatched: matched,
    groupsTotal: item.answers.length,
    correct,
    goldRank: rank ?? null,
    hasGold,
    citations: answer.citations.length,
    citationsValid: validCitations(answer, text),
    citationsOnGold: citationsOnGold(answer, item, spans),
    citesGoldParagraph: hasGold && spans.length ? citesAny(answer, goldParagraphs(spans, text)) : null,
    leadMatched: item.lead.length ? leadMatched(item, answer) : null,
    latencyMs,
    answer,
  };
}
