// Corpora and questions for the benchmark: the plan corpus and its questions, a large corpus
// written out from TAT-QA (or generated when that file is absent, so the bench runs anywhere),
// and random-but-realistic text for synthetic indexes.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { splitDocument } from "../src/ingest/splitter.js";
import { seededRandom } from "./stats.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PLAN_CORPUS = path.join(REPO_ROOT, "corpus");
export const PLAN_QUESTIONS = path.join(REPO_ROOT, "eval/plan.jsonl");
export const PLAN_ZH_QUESTIONS = path.join(REPO_ROOT, "eval/plan-zh.jsonl");
export const TATQA_FILE = path.resolve(REPO_ROOT, "../shared/eval/tatqa/tatqa_dataset_test_gold.json");

export interface BenchDocument {
  /** Path relative to the corpus folder. */
  name: string;
  text: string;
}

export interface BenchCorpus {
  /** Where the documents came from, for the report. */
  kind: "tatqa" | "generated";
  documents: BenchDocument[];
  questions: string[];
}

/** Writes documents into a corpus folder. */
export async function writeCorpus(dir: string, documents: BenchDocument[]): Promise<void> {
  for (const d of documents) {
    const file = path.join(dir, d.name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, d.text);
  }
}

/** Questions of a dataset file, one {"question": …} per line. */
export async function readQuestions(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => String((JSON.parse(l) as { question?: unknown }).question ?? ""))
    .filter(Boolean);
}

interface TatqaContext {
  table?: { table?: string[][] };
  paragraphs?: Array<{ order?: number; text?: string }>;
  questions?: Array<{ question?: string }>;
}

/**
 * TAT-QA as documents: every paragraph a document of its own, and every table a document with
 * one line per row ("Row label: column = value; column = value."). `limit` keeps the first
 * contexts only (tiny runs). Undefined when the file is absent.
 */
export async function tatqaCorpus(file = TATQA_FILE, limit = Infinity): Promise<BenchCorpus | undefined> {
  if (!existsSync(file)) return undefined;
  const contexts = (JSON.parse(await readFile(file, "utf8")) as TatqaContext[]).slice(0, limit);
  const documents: BenchDocument[] = [];
  const questions: string[] = [];
  contexts.forEach((c, i) => {
    const id = `c${String(i).padStart(3, "0")}`;
    for (const p of c.paragraphs ?? []) {
      if (p.text?.trim()) documents.push({ name: `tatqa/${id}-p${p.order ?? 0}.txt`, text: p.text });
    }
    const table = tableText(c.table?.table ?? []);
    if (table) documents.push({ name: `tatqa/${id}-table.txt`, text: table });
    for (const q of c.questions ?? []) if (q.question?.trim()) questions.push(q.question.replace(/\s+/g, " ").trim());
  });
  return { kind: "tatqa", documents, questions };
}

function tableText(rows: string[][]): string {
  const header = rows[0] ?? [];
  return rows
    .slice(1)
    .map((r) => {
      const cells = r
        .slice(1)
        .map((v, j) => (v.trim() ? `${header[j + 1]?.trim() || `column ${j + 2}`} = ${v.trim()}` : ""))
        .filter(Boolean);
      return cells.length ? `${r[0]?.trim() || "Row"}: ${cells.join("; ")}.` : "";
    })
    .filter(Boolean)
    .join("\n");
}

// Used when neither TAT-QA nor the plan corpus is at hand: a little finance prose to learn from.
const FALLBACK_TEXT = `The company reported revenue of $12.4 million for the fiscal year, an increase of 8% over the prior year.
Operating expenses rose mainly because of higher research and development costs and new hires in sales.
The board approved a dividend of $0.25 per share, payable in the first quarter of the next fiscal year.
Cash and cash equivalents at the end of the year were $45.1 million, compared with $38.7 million a year earlier.
The city government issued a plan to build a financial technology cluster and to attract international firms.
Goodwill is tested for impairment annually, or more often when events indicate that it may be impaired.
The effective tax rate decreased to 21% due to the lower federal statutory rate and tax credits for research.
Deferred revenue consists of payments received in advance of performance under customer contracts.
The plan supports banks, insurers and payment companies that use artificial intelligence and big data.
Net income attributable to shareholders was $3.2 million, or $0.41 per diluted share, in the fourth quarter.`;

/** A word-bigram chain: text that reads like its sources, with their word frequencies. */
export class MarkovText {
  private readonly next = new Map<string, string[]>();
  private readonly starts: string[] = [];

  constructor(texts: string[]) {
    for (const text of texts.length ? texts : [FALLBACK_TEXT]) {
      for (const sentence of text.split(/(?<=[.!?])\s+/)) {
        const words = sentence.split(/\s+/).filter(Boolean);
        if (words.length < 3) continue;
        this.starts.push(words[0]!);
        words.forEach((w, i) => {
          const after = i + 1 < words.length ? words[i + 1]! : "";
          let list = this.next.get(w);
          if (!list) this.next.set(w, (list = []));
          list.push(after);
        });
      }
    }
    if (this.starts.length === 0) throw new Error("no sentences to learn text from");
  }

  sentence(rand: () => number, maxWords = 40): string {
    const pick = (list: string[]) => list[Math.floor(rand() * list.length)]!;
    const words = [pick(this.starts)];
    for (let i = 1; i < maxWords; i++) {
      const w = pick(this.next.get(words[words.length - 1]!) ?? [""]);
      if (!w) break;
      words.push(w);
    }
    const s = words.join(" ");
    return /[.!?]$/.test(s) ? s : `${s.replace(/[,;:]$/, "")}.`;
  }

  /** Sentences until the paragraph holds at least `minChars` characters. */
  paragraph(rand: () => number, minChars: number): string {
    const out: string[] = [];
    let size = 0;
    for (let i = 0; i < 20 && size < minChars; i++) {
      const s = this.sentence(rand);
      out.push(s);
      size += s.length + 1;
    }
    return out.join(" ");
  }
}

/** The texts a MarkovText learns from: TAT-QA paragraphs when present, else the plan corpus. */
export async function trainingTexts(tatqa?: BenchCorpus): Promise<string[]> {
  if (tatqa) return tatqa.documents.filter((d) => !d.name.endsWith("-table.txt")).map((d) => d.text);
  const plan = path.join(PLAN_CORPUS, "beijing-fintech-development-plan-2018-2022.txt");
  return existsSync(plan) ? [await readFile(plan, "utf8")] : [];
}

/** Generated documents of 5-40 paragraphs each, until the real splitter makes `chunks` chunks of them. */
export function generatedDocuments(markov: MarkovText, chunks: number, seed: number, prefix = "gen"): BenchDocument[] {
  const rand = seededRandom(seed);
  const documents: BenchDocument[] = [];
  let made = 0;
  for (let d = 0; made < chunks && d < chunks; d++) {
    const paragraphs = 5 + Math.floor(rand() * 36);
    const text = Array.from({ length: paragraphs }, () => markov.paragraph(rand, 250 + rand() * 300)).join("\n\n");
    const name = `${prefix}/doc-${String(d).padStart(6, "0")}.txt`;
    made += splitDocument(name, text).length;
    documents.push({ name, text });
  }
  return documents;
}

/** Questions about generated text: a few consecutive words of one of its sentences. */
export function generatedQuestions(documents: BenchDocument[], n: number, seed: number): string[] {
  const rand = seededRandom(seed);
  const forms = ["What does the report say about", "How much was", "When did", "Which company had", "What is the"];
  const out: string[] = [];
  for (let i = 0; i < n && documents.length; i++) {
    const doc = documents[Math.floor(rand() * documents.length)]!;
    const words = doc.text.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w));
    const at = Math.floor(rand() * Math.max(1, words.length - 6));
    const phrase = words
      .slice(at, at + 3 + Math.floor(rand() * 4))
      .join(" ")
      .replace(/[.,;:]+$/, "");
    out.push(`${forms[i % forms.length]} ${phrase}?`);
  }
  return out;
}

/** The large corpus: TAT-QA when available, otherwise about `fallbackChunks` chunks of generated text. */
export async function largeCorpus(opts: { tatqaFile?: string; limitContexts?: number; fallbackChunks?: number; seed?: number } = {}): Promise<BenchCorpus> {
  const tatqa = await tatqaCorpus(opts.tatqaFile, opts.limitContexts);
  if (tatqa) return tatqa;
  const markov = new MarkovText(await trainingTexts());
  const documents = generatedDocuments(markov, opts.fallbackChunks ?? 2000, opts.seed ?? 11, "generated");
  return { kind: "generated", documents, questions: generatedQuestions(documents, 400, (opts.seed ?? 11) + 1) };
}

/** Up to `n` items spread evenly over a list (a fixed, reproducible sample). */
export function spread<T>(list: T[], n: number): T[] {
  if (list.length <= n) return [...list];
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
}
