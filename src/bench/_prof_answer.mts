import { readFileSync } from "node:fs";
import { LocalEmbeddings } from "../embeddings/local.js";
import { openIndex } from "../index/loaded-index.js";
import { Retriever } from "../retrieval/retriever.js";
import { answerExtractively, rankSentences } from "../answer/extractive.js";
import { terms } from "../text/tokenize.js";
import { ClusteredVectors, USE_LITE_LIKE } from "./vectors.js";
import { SyntheticQueryEmbeddings } from "./synthetic.js";
const dir = process.argv[2]!;
const real = new LocalEmbeddings({ workers: 0 });
const emb = dir.includes("synthetic") ? new SyntheticQueryEmbeddings(real, new ClusteredVectors(USE_LITE_LIKE, 100000, 7)) : real;
const index = await openIndex(dir, emb);
const d = JSON.parse(readFileSync("/work/shared/eval/tatqa/tatqa_dataset_test_gold.json","utf8"));
const qs: string[] = d.flatMap((c:any)=>c.questions.map((q:any)=>q.question)).filter((_: any, i: number) => i % 8 === 0).slice(0, 150);
const r = new Retriever(index, emb);
const rets = [];
for (const q of qs) rets.push(await r.retrieve(q));
for (let rep = 0; rep < 3; rep++) {
  let t = performance.now();
  for (const x of rets) rankSentences(index, x, 0.5);
  const rank = (performance.now() - t) / rets.length;
  t = performance.now();
  for (const x of rets) answerExtractively(index, x);
  const ans = (performance.now() - t) / rets.length;
  // cost of terms() over the sentences that overlap the passages
  t = performance.now(); let nsent = 0;
  for (const x of rets) for (const p of x.passages) { const doc = index.document(p.chunk.source)!; for (const s of index.sentences(p.chunk.source)) { if (s.end <= p.chunk.start || s.start >= p.chunk.end) continue; nsent++; new Set(terms(doc.slice(s.start, s.end))); } }
  const tt = (performance.now() - t) / rets.length;
  console.log({ rankMs: rank.toFixed(3), answerMs: ans.toFixed(3), termsOnlyMs: tt.toFixed(3), sentencesPerQ: nsent / rets.length });
}
