// Question latency through the real service (Qa.askTraced): embedding the question, search
// (query analysis, BM25, HNSW, fusion), answer (sentence ranking, abstention, composing), and
// the total, against the bare model embedding the same question. Each question is timed
// twice in a row, bare model then service, so that both see the same load on the machine.
import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import { loadInThreadModel } from "../src/embeddings/local.js";
import type { Qa } from "../src/qa.js";
import { BadQuestionError } from "../src/qa.js";
import { ratio, summarize, type Summary } from "./stats.js";

export interface LatencyCase {
  name: string;
  chunks: number;
  questions: number;
  /** Questions that the service refused (empty or too long); not timed. */
  refused: number;
  embed: Summary;
  /** Total minus embedding minus answer: cleaning, query analysis, BM25, HNSW, fusion. */
  search: Summary;
  answer: Summary;
  total: Summary;
  /** Everything beyond embedding the question: total − embed, per question. */
  beyondEmbed: Summary;
  /** The bare model embedding the same question. */
  bare: Summary;
  ratios: {
    /** p50 of (total − embed) ÷ p50 of the bare embedding. */
    beyondP50VsBareP50: number | null;
    beyondP95VsBareP50: number | null;
    totalP50VsBareP50: number | null;
    totalP95VsBareP95: number | null;
  };
}

export interface LatencyOptions {
  name: string;
  /** A service whose embeddings have seen none of the questions (a fresh query cache). */
  qa: Qa;
  questions: string[];
  /** Asked first and not timed (compilation, caches of the index); must differ from `questions`. */
  warmUp: string[];
}

export async function benchLatency(opts: LatencyOptions): Promise<LatencyCase> {
  const model: EmbeddingsModel = await loadInThreadModel();
  for (const q of opts.warmUp) {
    await model.embed(q);
    await opts.qa.askTraced(q).catch(() => undefined);
  }
  const embed: number[] = [];
  const search: number[] = [];
  const answer: number[] = [];
  const total: number[] = [];
  const beyond: number[] = [];
  const bare: number[] = [];
  let refused = 0;
  for (const q of opts.questions) {
    const tb = performance.now();
    await model.embed(q);
    const bareMs = performance.now() - tb;
    const t0 = performance.now();
    let traced;
    try {
      traced = await opts.qa.askTraced(q);
    } catch (err) {
      if (err instanceof BadQuestionError) {
        refused++;
        continue;
      }
      throw err;
    }
    const totalMs = performance.now() - t0;
    const embedMs = traced.retrieval.embedMs;
    const answerMs = traced.answer.timings.answerMs;
    bare.push(bareMs);
    embed.push(embedMs);
    answer.push(answerMs);
    total.push(totalMs);
    beyond.push(totalMs - embedMs);
    search.push(Math.max(0, totalMs - embedMs - answerMs));
  }
  const s = {
    embed: summarize(embed),
    search: summarize(search),
    answer: summarize(answer),
    total: summarize(total),
    beyondEmbed: summarize(beyond),
    bare: summarize(bare),
  };
  return {
    name: opts.name,
    chunks: opts.qa.index.size,
    questions: total.length,
    refused,
    ...s,
    ratios: {
      beyondP50VsBareP50: ratio(s.beyondEmbed.p50, s.bare.p50),
      beyondP95VsBareP50: ratio(s.beyondEmbed.p95, s.bare.p50),
      totalP50VsBareP50: ratio(s.total.p50, s.bare.p50),
      totalP95VsBareP95: ratio(s.total.p95, s.bare.p95),
    },
  };
}
