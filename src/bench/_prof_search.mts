import { readFileSync } from "node:fs";
import { LocalEmbeddings } from "../embeddings/local.js";
import { openIndex } from "../index/loaded-index.js";
import { analyzeQuery } from "../retrieval/query.js";
import { ClusteredVectors, USE_LITE_LIKE } from "./vectors.js";
const t0 = performance.now();
const index = await openIndex("/tmp/bench-work/run1-work/synthetic-100000/index", new LocalEmbeddings({ workers: 0 }));
console.log("open ms", (performance.now() - t0).toFixed(0));
const d = JSON.parse(readFileSync("/work/shared/eval/tatqa/tatqa_dataset_test_gold.json","utf8"));
const qs: string[] = d.flatMap((c:any)=>c.questions.map((q:any)=>q.question)).slice(0, 100);
const mix = new ClusteredVectors(USE_LITE_LIKE, 100000, 7);
let an = 0, lex = 0, den = 0, postings = 0;
for (const q of qs) {
  let t = performance.now();
  const query = analyzeQuery(q, (x) => index.hasTerm(x));
  an += performance.now() - t;
  for (const term of query.terms) postings += index.docFreq(term.term);
  t = performance.now();
  index.lexical(query.terms, 30);
  lex += performance.now() - t;
  const v = Array.from(mix.sample(1, q.length));
  t = performance.now();
  await index.dense(v, 30);
  den += performance.now() - t;
}
console.log({ analyzeMs: an / qs.length, lexicalMs: lex / qs.length, denseMs: den / qs.length, postingsPerQuery: postings / qs.length });
{
  const lexical: any = (index as any).contents.lexical;
  const qterms = qs.map((q) => analyzeQuery(q, (x) => index.hasTerm(x)).terms);
  let t = performance.now(); let sum = 0;
  for (const terms of qterms) for (const { term } of terms) { const list = lexical.postings.get(term); if (!list) continue; for (let i = 0; i < list.length; i += 2) sum += list[i + 1]; }
  console.log("bare postings walk ms/q", ((performance.now() - t) / qs.length).toFixed(2), sum);
  const l0 = lexical.postings.get("compani") ?? [...lexical.postings.values()][0];
  console.log(typeof l0, Array.isArray(l0), l0.length);
  for (let r = 0; r < 3; r++) { t = performance.now(); for (const terms of qterms) lexical.search(terms, 30); console.log("search ms/q", ((performance.now() - t) / qs.length).toFixed(2)); }
}
