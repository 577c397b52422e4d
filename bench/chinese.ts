// The Chinese row: CC-CEDICT and jieba load lazily, on the first Chinese question or document,
// so an English-only process never pays for them; this row measures what a process that does
// meet Chinese pays: load time, resident memory, and the translation of each question.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChineseSample } from "./chinese-child.js";
import { runChild } from "./startup.js";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "chinese-child.ts");

export type ChineseResult = ChineseSample & { corpus: string; questionsFile: string };

export async function benchChinese(opts: { corpusDir: string; questionsFile: string }): Promise<ChineseResult> {
  const files = (await readdir(opts.corpusDir)).filter((f) => !f.startsWith("."));
  const corpusText = (await Promise.all(files.map((f) => readFile(path.join(opts.corpusDir, f), "utf8")))).join("\n");
  const questions = (await readFile(opts.questionsFile, "utf8"))
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question: string }).question);
  const sample = await runChild<ChineseSample>({ questions, corpusText }, 5 * 60_000, CHILD);
  return { ...sample, corpus: path.basename(opts.corpusDir), questionsFile: path.basename(opts.questionsFile) };
}
