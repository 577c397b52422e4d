// SQuAD v1.1 / v2.0 (Wikipedia paragraphs with crowd-sourced questions; CC BY-SA 4.0) → one
// Markdown document per article (title heading, paragraphs separated by blank lines) and one
// dataset line per question. The gold quote is the sentence that holds the answer, as the
// project's own sentence splitter cuts the written document.
import { UsageError } from "../../src/cli/args.js";
import { sentenceRanges, type SentenceRange } from "../../src/text/sentences.js";
import { distinct, isRecord, type Imported, type ImportedDocument, type ImportedGold, type ImportedItem } from "./common.js";

export interface SquadOptions {
  /** The first N articles of the file. */
  limit?: number;
}

interface Qa {
  id: string;
  question: string;
  answers: Array<{ text: string; start: number }>;
  impossible: boolean;
}

interface Article {
  title: string;
  paragraphs: Array<{ context: string; qas: Qa[] }>;
}

export function importSquad(json: unknown, opts: SquadOptions = {}, file = "input"): Imported {
  const { version, articles: all } = parseSquad(json, file);
  const articles = all.slice(0, opts.limit ?? Infinity);
  const names = documentNames(articles.map((a) => a.title));
  const order = articles.map((a, i) => ({ a, name: names[i]! })).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const documents: ImportedDocument[] = [];
  const items: ImportedItem[] = [];
  const ids = new Set<string>();
  let droppedQuestions = 0;
  let droppedGold = 0;
  const v2 = articles.some((a) => a.paragraphs.some((p) => p.qas.some((q) => q.impossible)));

  for (const { a, name } of order) {
    // Contexts are written verbatim so that answer_start stays an offset into them.
    let text = `# ${displayTitle(a.title)}`;
    const offsets: number[] = [];
    for (const p of a.paragraphs) {
      text += "\n\n";
      offsets.push(text.length);
      text += p.context;
    }
    text += "\n";
    documents.push({ name, text });
    const sentences = sentenceRanges(text);

    a.paragraphs.forEach((p, pi) => {
      for (const q of p.qas) {
        const id = `squad-${q.id}`;
        if (ids.has(id) || !q.question.trim()) {
          droppedQuestions++;
          continue;
        }
        if (q.impossible) {
          ids.add(id);
          items.push({ id, question: oneLine(q.question), answers: [], gold: [], answerable: false, tags: ["squad", "squad-v2-impossible"] });
          continue;
        }
        const texts = distinct(q.answers.map((x) => x.text.trim()).filter(Boolean));
        if (!texts.length) {
          droppedQuestions++;
          continue;
        }
        ids.add(id);
        const gold: ImportedGold[] = [];
        const quotes = new Set<string>();
        const located = new Set<number>();
        for (const ans of q.answers) {
          const t = ans.text.trim();
          if (!t) continue;
          const at = locate(p.context, t, ans.start);
          if (at === undefined) {
            droppedGold++;
            continue;
          }
          const start = offsets[pi]! + at;
          if (located.has(start)) continue;
          located.add(start);
          const quote = goldQuote(text, sentences, start, start + t.length, t);
          if (quote === undefined) droppedGold++;
          else if (!quotes.has(quote)) {
            quotes.add(quote);
            gold.push({ source: name, quote });
          }
        }
        items.push({ id, question: oneLine(q.question), answers: [texts], gold, answerable: true, tags: ["squad"] });
      }
    });
  }
  return { format: "squad", documents, items, droppedQuestions, filteredQuestions: 0, droppedGold, about: about(version, v2, opts) };
}

/**
 * The questions of a SQuAD file by dataset id, for a translation of the imported file (XQuAD
 * ships each language as its own file with the same ids and translated paragraphs; only the
 * questions are taken, the documents stay those of the imported file).
 */
export function squadQuestions(json: unknown, file = "input"): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of parseSquad(json, file).articles) for (const p of a.paragraphs) for (const q of p.qas) out.set(`squad-${q.id}`, oneLine(q.question));
  return out;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function parseSquad(json: unknown, file: string): { version: string; articles: Article[] } {
  if (!isRecord(json) || !Array.isArray(json.data)) {
    const hint = Array.isArray(json) && isRecord(json[0]) && "table" in json[0] ? " (it looks like TAT-QA: try --format tatqa)" : "";
    throw new UsageError(`${file} is not SQuAD: expected {"data": [articles]}${hint}`);
  }
  if (json.data.length === 0) throw new UsageError(`${file} holds no SQuAD articles`);
  const articles = json.data.map((raw, i): Article => {
    const bad = (what: string) => new UsageError(`${file} is not SQuAD: article ${i + 1} ${what}`);
    if (!isRecord(raw) || !Array.isArray(raw.paragraphs)) throw bad("has no paragraphs list");
    const title = typeof raw.title === "string" && raw.title.trim() ? raw.title.trim() : `article ${i + 1}`;
    const paragraphs = raw.paragraphs.map((p, j) => {
      if (!isRecord(p) || typeof p.context !== "string" || !Array.isArray(p.qas)) throw bad(`paragraph ${j + 1} has no context and qas`);
      const qas = p.qas.map((q, k): Qa => {
        if (!isRecord(q) || typeof q.id !== "string" || typeof q.question !== "string") throw bad(`paragraph ${j + 1} question ${k + 1} has no id or question`);
        const answers = Array.isArray(q.answers) ? q.answers : [];
        return {
          id: q.id,
          question: q.question,
          answers: answers
            .filter((x): x is Record<string, unknown> => isRecord(x) && typeof x.text === "string")
            .map((x) => ({ text: x.text as string, start: typeof x.answer_start === "number" ? x.answer_start : -1 })),
          impossible: q.is_impossible === true,
        };
      });
      return { context: p.context, qas };
    });
    return { title, paragraphs };
  });
  return { version: typeof json.version === "string" ? json.version : "", articles };
}

/** Some SQuAD titles are URL-encoded page names ("Beyonc%C3%A9", "Super_Bowl_50"). */
export function displayTitle(title: string): string {
  let t = title;
  if (/%[0-9A-F]{2}/i.test(t)) {
    try {
      t = decodeURIComponent(t);
    } catch {
      // not URL-encoded after all
    }
  }
  return oneLine(t.replace(/_/g, " "));
}

/** `squad-<title slug>.md`, with -2, -3… where two titles make the same slug. */
function documentNames(titles: string[]): string[] {
  const used = new Set<string>();
  return titles.map((title, i) => {
    const slug =
      displayTitle(title)
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 60)
        .replace(/-+$/, "") || `article-${i + 1}`;
    let name = `squad-${slug}.md`;
    for (let n = 2; used.has(name); n++) name = `squad-${slug}-${n}.md`;
    used.add(name);
    return name;
  });
}

/** The answer's offset in its context: answer_start when it points at the text, else the nearest occurrence. */
function locate(context: string, text: string, start: number): number | undefined {
  if (start >= 0 && context.startsWith(text, start)) return start;
  let best: number | undefined;
  for (let at = context.indexOf(text); at >= 0; at = context.indexOf(text, at + 1)) {
    if (best === undefined || Math.abs(at - start) < Math.abs(best - start)) best = at;
  }
  return best;
}

/**
 * The sentence(s) holding text[start, end). The judge places a quote at its first occurrence,
 * so a sentence that also occurs earlier in the article ("It is painted grey.") takes its
 * neighbour along until it is unique there; failing that, the answer itself when that is
 * its first occurrence. Undefined when nothing places it.
 */
function goldQuote(text: string, sentences: SentenceRange[], start: number, end: number, answer: string): string | undefined {
  const lo = sentences.findIndex((s) => s.end > start);
  let hi = -1;
  sentences.forEach((s, i) => {
    if (s.start < end) hi = i;
  });
  if (lo >= 0 && hi >= lo) {
    const ok = (i: number) => i >= 0 && i < sentences.length && !sentences[i]!.heading;
    const windows: Array<[number, number]> = [
      [lo, hi],
      [lo - 1, hi],
      [lo, hi + 1],
      [lo - 1, hi + 1],
    ];
    for (const [a, b] of windows) {
      if ((a !== lo && !ok(a)) || (b !== hi && !ok(b))) continue;
      const from = Math.min(sentences[a]!.start, start);
      const quote = text.slice(from, Math.max(sentences[b]!.end, end));
      if (text.indexOf(quote) === from) return quote;
    }
  }
  return text.indexOf(answer) === start ? answer : undefined;
}

function about(version: string, v2: boolean, opts: SquadOptions): string {
  const name = v2 || /^v?2/.test(version) ? "SQuAD 2.0" : "SQuAD 1.1";
  return `# ${name}, imported for planbot's evaluation harness

**Source.** The Stanford Question Answering Dataset (https://rajpurkar.github.io/SQuAD-explorer/):
Pranav Rajpurkar, Jian Zhang, Konstantin Lopyrev and Percy Liang, "SQuAD: 100,000+ Questions for
Machine Comprehension of Text", EMNLP 2016 (https://aclanthology.org/D16-1264)${
    v2
      ? `;
and Pranav Rajpurkar, Robin Jia and Percy Liang, "Know What You Don't Know: Unanswerable Questions
for SQuAD", ACL 2018 (https://aclanthology.org/P18-2124)`
      : ""
  }. The passages are from English Wikipedia articles.

**Licence.** SQuAD is licensed under Creative Commons Attribution-ShareAlike 4.0 International
(CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/). This folder is an adaptation of
it, with the changes below, and is licensed under CC BY-SA 4.0 too: attribute SQuAD (and
Wikipedia) and share any further adaptation under the same licence.

**Changes.**
- Each article is one document \`corpus/squad-<title>.md\`: the title as a heading, then its
  paragraphs verbatim, separated by blank lines.
- Answers: one group holding the distinct answer texts. Gold: the sentence holding each answer,
  with a neighbouring sentence where it also occurs earlier in the article (or else the answer
  text, where that is its first occurrence).
- Unanswerable questions (\`is_impossible\`) have \`answerable: false\`, no answers and no gold, and the
  tag \`squad-v2-impossible\`; every question has the tag \`squad\`.
${opts.limit !== undefined ? `- Only the first ${opts.limit} articles of the file.\n` : ""}`;
}
