// Runs a dataset through the real service (the same ask() the channels call) once per
// retriever, and judges every answer.
import path from "node:path";
import { loadBytes, readBytes } from "../ingest/loaders/index.js";
import type { AskOptions, Qa } from "../qa.js";
import { BadQuestionError } from "../qa.js";
import type { RetrieverMode } from "../retrieval/retriever.js";
import type { EvalItem } from "./dataset.js";
import { citationsOnGold, goldRank, goldSpans, groupsMatched, validCitations } from "./judge.js";
import { computeMetrics, metricsByTag, type Metrics, type QuestionResult } from "./metrics.js";

export interface RetrieverReport {
  overall: Metrics;
  byTag: Record<string, Metrics>;
  questions: QuestionResult[];
}

export interface EvalReport {
  dataset: string;
  corpus: string;
  createdAt: string;
  retrievers: Partial<Record<RetrieverMode, RetrieverReport>>;
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
  opts: { retrievers: RetrieverMode[]; corpusDir: string; dataset: string; ask?: AskOptions; onProgress?: (done: number, total: number) => void },
): Promise<EvalReport> {
  const docs = corpusReader(opts.corpusDir);
  await docs.load([...new Set([...qa.sources(), ...items.flatMap((i) => i.gold.map((g) => g.source))])]);
  const report: EvalReport = { dataset: opts.dataset, corpus: opts.corpusDir, createdAt: new Date().toISOString(), retrievers: {} };
  const total = items.length * opts.retrievers.length;
  let done = 0;
  for (const mode of opts.retrievers) {
    const results: QuestionResult[] = [];
    for (const item of items) {
      results.push(await judgeOne(qa, item, mode, docs.text, opts.ask));
      opts.onProgress?.(++done, total);
    }
    report.retrievers[mode] = { overall: computeMetrics(results), byTag: metricsByTag(results), questions: results };
  }
  return report;
}

async function judgeOne(
  qa: Qa,
  item: EvalItem,
  mode: RetrieverMode,
  text: (source: string) => string | undefined,
  ask: AskOptions = {},
): Promise<QuestionResult> {
  const t0 = performance.now();
  let traced;
  try {
    traced = await qa.askTraced(item.question, { ...ask, retrieval: { ...ask.retrieval, mode } });
  } catch (err) {
    if (!(err instanceof BadQuestionError)) throw err;
    const answer = { question: item.question, answer: err.message, abstained: true, citations: [], timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 } };
    traced = { answer, retrieval: { passages: [] } };
  }
  const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
  const { answer, retrieval } = traced;
  const spans = goldSpans(item, text);
  const matched = groupsMatched(item, answer);
  const hasGold = item.answerable && item.gold.length > 0;
  const rank = hasGold ? goldRank(item, retrieval.passages, spans) : undefined;
  return {
    id: item.id,
    question: item.question,
    tags: item.tags,
    answerable: item.answerable,
    abstained: answer.abstained,
    groupsMatched: matched,
    groupsTotal: item.answers.length,
    correct: item.answerable ? !answer.abstained && matched === item.answers.length : answer.abstained,
    goldRank: rank ?? null,
    hasGold,
    citations: answer.citations.length,
    citationsValid: validCitations(answer, text),
    citationsOnGold: citationsOnGold(answer, item, spans),
    latencyMs,
    answer,
  };
}
