// The evaluation dataset format (JSONL, one question per line), parsed and checked.
import { readFile } from "node:fs/promises";
import { UsageError } from "../cli/args.js";

export interface GoldQuote {
  source: string;
  quote: string;
}

export interface EvalItem {
  id: string;
  question: string;
  /** Groups of alternatives: every group must appear in the answer, any one alternative of it. */
  answers: string[][];
  gold: GoldQuote[];
  answerable: boolean;
  tags: string[];
}

export async function readDataset(file: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read dataset ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
  return parseDataset(text, file);
}

export function parseDataset(text: string, file = "dataset"): EvalItem[] {
  const items: EvalItem[] = [];
  const ids = new Set<string>();
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new UsageError(`${where}: not valid JSON`);
    }
    const id = String(raw.id ?? `q${i + 1}`);
    if (ids.has(id)) throw new UsageError(`${where}: duplicate id ${id}`);
    ids.add(id);
    if (typeof raw.question !== "string" || !raw.question.trim()) throw new UsageError(`${where}: "question" must be a non-empty string`);
    const answers = raw.answers ?? [];
    if (!Array.isArray(answers) || !answers.every((g) => Array.isArray(g) && g.every((a) => typeof a === "string"))) {
      throw new UsageError(`${where}: "answers" must be a list of lists of strings`);
    }
    const gold = raw.gold ?? [];
    if (!Array.isArray(gold) || !gold.every((g) => typeof g?.source === "string" && (g.quote === undefined || typeof g.quote === "string"))) {
      throw new UsageError(`${where}: "gold" must be a list of {source, quote}`);
    }
    const tags = raw.tags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string")) throw new UsageError(`${where}: "tags" must be a list of strings`);
    items.push({
      id,
      question: raw.question,
      answers: answers as string[][],
      gold: (gold as GoldQuote[]).map((g) => ({ source: g.source, quote: g.quote ?? "" })),
      answerable: raw.answerable !== false,
      tags: tags as string[],
    });
  });
  if (items.length === 0) throw new UsageError(`${file}: no questions`);
  return items;
}
