// npm run unanswerable-sets -- [OUT_DIR]   (default data/unanswerable)
// Then e.g. npm run eval -- --dataset data/unanswerable/xquad-fold0/dataset.jsonl --corpus data/unanswerable/xquad-fold0/corpus
// Builds unanswerable question sets from answerable ones, to calibrate abstention on text
// nobody tuned by hand: XQuAD split into 4 folds, each fold's questions asked over a corpus of
// the other articles (shared dates, numbers and names, but never the answer); the plan's
// answerable questions over the XQuAD corpus; XQuAD's questions over the plan article.
// Each set is OUT_DIR/<name>/dataset.jsonl; the folds also get OUT_DIR/<name>/corpus/. The plan
// questions over XQuAD also go to eval/plan-over-xquad.jsonl, which the quality gate runs.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const FOLDS = 4;
const out = path.resolve(process.argv[2] ?? "data/unanswerable");
const xquadCorpus = "eval/xquad/corpus";

const read = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; question: string; answerable?: boolean; kind?: string; gold?: Array<{ source: string }> });
const unanswerable = (items: ReturnType<typeof read>, tag: string) =>
  items.map((i) => JSON.stringify({ id: i.id, question: i.question, kind: "abstain", answerable: false, tags: [tag] })).join("\n") + "\n";
const write = (name: string, text: string) => {
  mkdirSync(path.join(out, name), { recursive: true });
  writeFileSync(path.join(out, name, "dataset.jsonl"), text);
};

const xquad = read("eval/xquad/dataset.jsonl");
const articles = readdirSync(xquadCorpus)
  .filter((f) => f.endsWith(".md"))
  .sort();
for (let k = 0; k < FOLDS; k++) {
  const left = new Set(articles.filter((_, i) => i % FOLDS === k));
  const name = `xquad-fold${k}`;
  rmSync(path.join(out, name), { recursive: true, force: true });
  mkdirSync(path.join(out, name, "corpus"), { recursive: true });
  for (const a of articles) if (!left.has(a)) copyFileSync(path.join(xquadCorpus, a), path.join(out, name, "corpus", a));
  write(
    name,
    unanswerable(
      xquad.filter((i) => i.gold?.some((g) => left.has(g.source))),
      "left-out-article",
    ),
  );
}
const plan = ["eval/plan.jsonl", "eval/plan-holdout.jsonl", "eval/plan-direct.jsonl"].flatMap(read).filter((i) => i.answerable !== false && i.kind !== "chat" && i.kind !== "abstain");
write("plan-over-xquad", unanswerable(plan, "other-corpus"));
writeFileSync("eval/plan-over-xquad.jsonl", unanswerable(plan, "other-corpus"));
write("xquad-over-plan", unanswerable(xquad, "other-corpus"));
console.error(`wrote ${FOLDS + 2} sets to ${out}`);
