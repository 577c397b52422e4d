// The evaluation dataset format (JSONL, one question per line), parsed and checked.
import { readFile } from "node:fs/promises";
import { UsageError } from "../cli/args.js";
import type { AnswerKind } from "../types.js";

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
  /** The kind of reply expected: "answer" when answerable, "abstain" when not, or "chat". */
  kind: AnswerKind;
  /** Groups of alternatives the answer's first quoted sentence must hold (the direct answer). */
  lead: string[][];
  tags: string[];
}

const KINDS: AnswerKind[] = ["answer", "abstain", "chat"];
const isGroups = (x: unknown): x is string[][] => Array.isArray(x) && x.every((g) => Array.isArray(g) && g.every((a) => typeof a === "string"));

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
    if (!isGroups(answers)) throw new UsageError(`${where}: "answers" must be a list of lists of strings`);
    const lead = raw.lead ?? [];
    if (!isGroups(lead)) throw new UsageError(`${where}: "lead" must be a list of lists of strings`);
    const answerable = raw.kind === undefined ? raw.answerable !== false : raw.kind === "answer";
    const kind = raw.kind ?? (answerable ? "answer" : "abstain");
    if (!KINDS.includes(kind as AnswerKind)) throw new UsageError(`${where}: "kind" must be one of ${KINDS.join(", ")}`);
    const gold = raw.gold ?? [];
    if (!Array.isArray(gold) || !gold.every((g) => typeof g?.source === "string" && (g.quote === undefined || typeof g.quote === "string"))) {
      throw new UsageError(`${where}: "gold" must be a list of {source, quote}`);
    }
    const tags = raw.tags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string")) throw new UsageError(`${where}: "tags" must be a list of strings`);
    items.push({
      id,
      question: raw.question,
      answers,
      gold: (gold as GoldQuote[]).map((g) => ({ source: g.source, quote: g.quote ?? "" })),
      answerable,
      kind: kind as AnswerKind,
      lead,
      tags: tags as string[],
    });
  });
  if (items.length === 0) throw new UsageError(`${file}: no questions`);
  return items;
}
