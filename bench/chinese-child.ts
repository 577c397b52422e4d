// Child process for the Chinese row: what the dictionary and the segmenter add to a process
// that meets its first Chinese question (time, resident memory), and what translating a
// question then costs. A fresh process, so the memory is theirs and nothing else's.
//   node --expose-gc --import tsx bench/chinese-child.ts '{"questions":[…],"corpusText":"…"}'
import { translateQuery } from "../src/retrieval/translate.js";
import { dictionary } from "../src/text/chinese/dictionary.js";
import { segmenter } from "../src/text/chinese/segmenter.js";
import { terms } from "../src/text/tokenize.js";
import { summarize, type Summary } from "./stats.js";

export interface ChineseSample {
  dictionaryMs: number;
  segmenterMs: number;
  /** Resident memory they add, after a full garbage collection. */
  rssAddedMB: number;
  /** Translating the first question right after loading (its lookups are the dictionary's first), ms. */
  firstQuestionMs: number;
  /** Translating one question once both are loaded (ms). */
  perQuestion: Summary;
  questions: number;
}

const MB = 1024 * 1024;

function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

function main(): void {
  const req = JSON.parse(process.argv[2] ?? "{}") as { questions: string[]; corpusText: string };
  const vocabulary = new Set(terms(req.corpusText));
  const inCorpus = (t: string) => vocabulary.has(t);
  const before = settledRss();
  const dictionaryMs = dictionary().ms;
  const segmenterMs = segmenter().ms;
  const t0 = performance.now();
  translateQuery(req.questions[0] ?? "北京", inCorpus);
  const firstQuestionMs = performance.now() - t0;
  const rssAddedMB = (settledRss() - before) / MB;
  const times: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const q of req.questions) {
      const t0 = performance.now();
      translateQuery(q, inCorpus);
      times.push(performance.now() - t0);
    }
  }
  const sample: ChineseSample = { dictionaryMs, segmenterMs, firstQuestionMs, rssAddedMB, perQuestion: summarize(times), questions: req.questions.length };
  process.stdout.write(JSON.stringify(sample) + "\n");
}

main();
