// TAT-QA (a table plus paragraphs from company annual reports, questions over both; CC BY 4.0)
// → one Markdown document per context and one dataset line per question.
//
// The table is written as one line per row, "Row label: column header = value; …." — every
// row names its columns, so BM25 and the embedding model see "Inventories … 2019 = 1,568.6"
// together, and each row ends in a full stop so the sentence splitter makes it a paragraph of
// its own (a Markdown table would be one soft-wrapped block cut only at the size limit).
import { UsageError } from "../../src/cli/args.js";
import { distinct, isRecord, type Imported, type ImportedDocument, type ImportedItem } from "./common.js";

export interface TatqaOptions {
  /** Keep only the questions answered from the paragraphs (all contexts are still written). */
  textOnly?: boolean;
  /** The first N contexts of the file. */
  limit?: number;
}

export const ANSWER_TYPES = ["span", "multi-span", "arithmetic", "count"] as const;
export const ANSWER_FROM = ["text", "table", "table-text"] as const;

interface Question {
  uid: string;
  order: number;
  question: string;
  answer: unknown;
  answerType: string;
  answerFrom: string;
  scale: string;
}

interface Context {
  tableUid: string;
  table: string[][];
  paragraphs: Array<{ order: number; text: string }>;
  questions: Question[];
}

export function importTatqa(json: unknown, opts: TatqaOptions = {}, file = "input"): Imported {
  const contexts = parseContexts(json, file).slice(0, opts.limit ?? Infinity);
  const names = documentNames(contexts.map((c) => c.tableUid));
  const documents: ImportedDocument[] = [];
  const items: ImportedItem[] = [];
  const ids = new Set<string>();
  let droppedQuestions = 0;
  let filteredQuestions = 0;
  const order = contexts.map((c, i) => ({ c, name: names[i]! })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { c, name } of order) {
    documents.push({ name, text: documentText(c, name) });
    const questions = [...c.questions].sort((a, b) => a.order - b.order || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    for (const q of questions) {
      if (opts.textOnly && q.answerFrom !== "text") {
        filteredQuestions++;
        continue;
      }
      const answers = answerGroups(q);
      const id = `tatqa-${q.uid}`;
      if (!answers || ids.has(id) || !q.question.trim()) {
        droppedQuestions++;
        continue;
      }
      ids.add(id);
      const tags = ["tatqa", `answer_from:${q.answerFrom}`, `answer_type:${q.answerType}`];
      // An extractive bot quotes; it cannot compute a sum, a ratio or a count.
      if (q.answerType === "arithmetic" || q.answerType === "count") tags.push("needs-arithmetic");
      items.push({
        id,
        question: q.question.replace(/\s+/g, " ").trim(),
        answers,
        // The context's document, no quote: questions were written against one context and
        // often name no company, so any passage of it counts as a retrieval hit (SOURCE.md).
        gold: [{ source: name }],
        answerable: true,
        tags,
      });
    }
  }
  return { format: "tatqa", documents, items, droppedQuestions, filteredQuestions, droppedGold: 0, about: about(opts) };
}

function parseContexts(json: unknown, file: string): Context[] {
  if (!Array.isArray(json)) {
    const hint = isRecord(json) && Array.isArray(json.data) ? " (it looks like SQuAD: try --format squad)" : "";
    throw new UsageError(`${file} is not TAT-QA: expected a JSON list of contexts${hint}`);
  }
  if (json.length === 0) throw new UsageError(`${file} holds no TAT-QA contexts`);
  return json.map((raw, i) => {
    const bad = (what: string) => new UsageError(`${file} is not TAT-QA: context ${i + 1} ${what}`);
    if (!isRecord(raw) || !isRecord(raw.table)) throw bad("has no table");
    const uid = raw.table.uid;
    if (typeof uid !== "string" || !/[0-9a-z]/i.test(uid)) throw bad("has no table uid");
    const rows = raw.table.table;
    if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === "string" || typeof c === "number"))) {
      throw bad("has no table rows (lists of strings)");
    }
    if (!Array.isArray(raw.paragraphs) || !raw.paragraphs.every((p) => isRecord(p) && typeof p.text === "string")) {
      throw bad("has no paragraphs list of {order, text}");
    }
    if (!Array.isArray(raw.questions)) throw bad("has no questions list");
    const questions = raw.questions.map((q, j): Question => {
      if (!isRecord(q) || typeof q.uid !== "string" || typeof q.question !== "string") throw bad(`question ${j + 1} has no uid or question`);
      if (!(ANSWER_TYPES as readonly unknown[]).includes(q.answer_type)) throw bad(`question ${q.uid} has answer_type ${JSON.stringify(q.answer_type)}`);
      if (!(ANSWER_FROM as readonly unknown[]).includes(q.answer_from)) throw bad(`question ${q.uid} has answer_from ${JSON.stringify(q.answer_from)}`);
      return {
        uid: q.uid,
        order: Number(q.order) || 0,
        question: q.question,
        answer: q.answer,
        answerType: q.answer_type as string,
        answerFrom: q.answer_from as string,
        scale: typeof q.scale === "string" ? q.scale : "",
      };
    });
    return {
      tableUid: uid,
      table: (rows as unknown[][]).map((r) => r.map((c) => String(c))),
      paragraphs: (raw.paragraphs as Array<Record<string, unknown>>).map((p, k) => ({ order: Number(p.order) || k + 1, text: p.text as string })),
      questions,
    };
  });
}

/** `tatqa-<first 8 characters of the table uid>.md`; the whole uid where 8 would collide. */
function documentNames(uids: string[]): string[] {
  const clean = uids.map((u) => u.toLowerCase().replace(/[^0-9a-z]/g, ""));
  const short = clean.map((u) => u.slice(0, 8));
  const count = new Map<string, number>();
  for (const s of short) count.set(s, (count.get(s) ?? 0) + 1);
  const names = clean.map((u, i) => `tatqa-${count.get(short[i]!)! > 1 ? u : short[i]}.md`);
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) throw new UsageError(`TAT-QA table uid ${uids[i]} appears twice`);
    seen.add(n);
  });
  return names;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function documentText(c: Context, name: string): string {
  const id = name.replace(/^tatqa-/, "").replace(/\.md$/, "");
  const parts = [`# TAT-QA context ${id}`, tableLines(c.table).join("\n")];
  for (const p of [...c.paragraphs].sort((a, b) => a.order - b.order)) {
    // A blank line inside a paragraph stays a paragraph break; other line breaks were layout.
    const text = p.text
      .split(/\n\s*\n/)
      .map(oneLine)
      .filter(Boolean)
      .join("\n\n");
    if (text) parts.push(text);
  }
  return parts.filter(Boolean).join("\n\n") + "\n";
}

/** A cell that holds a figure (not a year, which is a column header): "$ 6,577", "(3.1)", "12.7%". */
function isFigure(cell: string): boolean {
  const bare = cell.replace(/[\s$€£¥(),.%+\-–—−]/g, "");
  return /^\d+$/.test(bare) && !/^(19|20)\d\d\d?$/.test(bare); // "20181": 2018, footnote 1
}

/**
 * The table as text lines. Header rows are the first row when it holds no figures, and the
 * rows after it without figures whose first cell is empty, or that follow a header row with a
 * single cell ("FY19 Payout Amounts" over "NEO | Base Salary | …"), or whose cells are all
 * dates ("Year Ended" over "Label | December 31, 2019 | …"); a header row above another
 * with a single cell is
 * a caption ("Years ended December 31"), written on its own line with the header rows'
 * first cells. Then one line per row: "Label: header = value; header = value.", a row with
 * a label only is a section line "Label:".
 */
export function tableLines(table: string[][]): string[] {
  const rows = table.map((r) => r.map(oneLine));
  const width = Math.max(0, ...rows.map((r) => r.length));
  const hasFigure = (r: string[]) => r.slice(1).some(isFigure);
  let h = 0;
  if (rows.length > 1 && !hasFigure(rows[0]!)) {
    h = 1;
    const values = (r: string[]) => r.slice(1).filter(Boolean).length;
    const dated = (r: string[]) => r.slice(1).every((c) => /\b(19|20)\d\d\b/.test(c));
    while (h < rows.length - 1 && values(rows[h]!) && !hasFigure(rows[h]!) && (!rows[h]![0] || values(rows[h - 1]!) <= 1 || dated(rows[h]!))) {
      h++;
    }
  }
  const captions: string[] = [];
  const headerRows: string[][] = [];
  rows.slice(0, h).forEach((r, i) => {
    if (r[0]) captions.push(r[0]);
    const cells = r.slice(1).filter(Boolean);
    if (width > 2 && cells.length === 1 && i < h - 1) captions.push(cells[0]!);
    else headerRows.push(r);
  });
  const headers = Array.from({ length: width }, (_, j) =>
    headerRows
      .map((r) => r[j] ?? "")
      .filter(Boolean)
      .join(" "),
  );
  const lines: string[] = [];
  if (captions.length) lines.push(sectionLine(captions.join("; ")));
  for (const r of rows.slice(h)) {
    const label = (r[0] ?? "").replace(/\s+\.+$/, "").replace(/:$/, "");
    const pairs: string[] = [];
    for (let j = 1; j < r.length; j++) {
      const v = r[j]!;
      if (v) pairs.push(headers[j] ? `${headers[j]} = ${v}` : v);
    }
    if (!pairs.length) {
      if (label) lines.push(sectionLine(label));
      continue;
    }
    const line = label ? `${label}: ${pairs.join("; ")}` : pairs.join("; ");
    lines.push(/[.!?]$/.test(line) ? line : `${line}.`);
  }
  return lines;
}

// Ends in a colon: a line that introduces rows, never taken for a title by the splitter.
function sectionLine(s: string): string {
  const t = s.replace(/[\s,;:]+$/, "");
  return /[.!?]$/.test(t) ? t : `${t}:`;
}

/** Span: one group; multi-span: a group per span; arithmetic and count: one group of number forms. */
function answerGroups(q: Question): string[][] | undefined {
  const raw = Array.isArray(q.answer) ? q.answer : [q.answer];
  const texts = raw.filter((a) => typeof a === "string" || typeof a === "number").map((a) => oneLine(String(a)));
  if (!texts.length || texts.some((t) => !t)) return undefined;
  if (q.answerType === "span" || q.answerType === "multi-span") return distinct(texts).map((t) => [t]);
  if (q.answerType === "count") return [[texts[0]!]];
  const n = typeof q.answer === "number" ? q.answer : Number(texts[0]!.replace(/,/g, ""));
  return Number.isFinite(n) ? [numberForms(n, q.scale)] : [[texts[0]!]];
}

/**
 * The ways a figure may be written: as given and with thousands separators, without the sign
 * (reports write a loss as "(1,657)" and prose as "a decrease of 1,657"), and multiplied out
 * by its scale ("0.9" million → "900,000"). Answers match as substrings, so "17.7" also
 * matches "17.7%".
 */
export function numberForms(n: number, scale = ""): string[] {
  const plain = decimal(n);
  const abs = plain.replace(/^-/, "");
  const forms = [grouped(plain), plain, grouped(abs), abs];
  const shift = { thousand: 3, million: 6, billion: 9 }[scale.toLowerCase()];
  if (shift) {
    const big = shifted(abs, shift);
    forms.push(grouped(big), big);
  }
  return distinct(forms);
}

function decimal(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(12).replace(/\.?0+$/, "") : s;
}

function grouped(s: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}

/** "43745.33" shifted 3 places → "43745330". */
function shifted(abs: string, places: number): string {
  const [int = "0", frac = ""] = abs.split(".");
  const f = frac.padEnd(places, "0");
  const whole = (int + f.slice(0, places)).replace(/^0+(?=\d)/, "");
  const rest = f.slice(places);
  return rest ? `${whole}.${rest}` : whole;
}

function about(opts: TatqaOptions): string {
  return `# TAT-QA, imported for planbot's evaluation harness

**Source.** TAT-QA: Fengbin Zhu, Wenqiang Lei, Youcheng Huang, Chao Wang, Shuo Zhang, Jiancheng Lv,
Fuli Feng and Tat-Seng Chua, "TAT-QA: A Question Answering Benchmark on a Hybrid of Tabular and
Textual Content in Finance", ACL-IJCNLP 2021 (https://aclanthology.org/2021.acl-long.254).
Data: https://github.com/NExTplusplus/TAT-QA (dataset_raw/). Tables and paragraphs come from
real company annual reports.

**Licence.** TAT-QA is licensed under Creative Commons Attribution 4.0 International (CC BY 4.0,
https://creativecommons.org/licenses/by/4.0/). This folder is derived from it, with the changes
below; redistribute it only with this attribution.

**Changes.**
- Each context is one document \`corpus/tatqa-<first 8 characters of the table uid>.md\`: a heading,
  the table written out one line per row ("Row label: column header = value; …."), then the
  paragraphs in their order. Line breaks inside cells and paragraphs are folded into spaces.
- Span answers are one answer group; multi-span answers one group per span; arithmetic and count
  answers the number with its formatting and scale variants. All questions are answerable.
- Gold is the context's document with no quote: questions were written against one context and
  often name no company, so any passage of it counts as a retrieval hit.
- Tags: \`tatqa\`, \`answer_from:<text|table|table-text>\`, \`answer_type:<…>\`, and \`needs-arithmetic\`
  for arithmetic and count answers (an extractive bot cannot produce them).
${opts.textOnly ? "- Only the questions answered from the paragraphs (`answer_from` text) are kept; every context's document is still in the corpus.\n" : ""}${opts.limit !== undefined ? `- Only the first ${opts.limit} contexts of the file.\n` : ""}`;
}
