// Shared by the dataset importers (tatqa.ts, squad.ts): the imported form, reading the input
// JSON, and writing OUT_DIR/corpus/, OUT_DIR/dataset.jsonl and OUT_DIR/README.md with every
// gold quote checked against the written file as the ingest loader reads it back.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../src/cli/args.js";
import { loadBytes, readBytes } from "../../src/ingest/loaders/index.js";
import { parseDataset } from "../../src/eval/dataset.js";

/** A gold entry: a quote that must be an exact slice of the source, or the source alone. */
export interface ImportedGold {
  source: string;
  quote?: string;
}

/** One dataset line (the format of src/eval/dataset.ts). */
export interface ImportedItem {
  id: string;
  question: string;
  answers: string[][];
  gold: ImportedGold[];
  answerable: boolean;
  tags: string[];
}

export interface ImportedDocument {
  /** File name inside OUT_DIR/corpus/ (also the gold `source`). */
  name: string;
  text: string;
}

export interface Imported {
  format: string;
  documents: ImportedDocument[];
  /** In output order. */
  items: ImportedItem[];
  /** Questions left out because they are unusable (no answer, duplicate id). */
  droppedQuestions: number;
  /** Questions left out on purpose by an option (--text-only). */
  filteredQuestions: number;
  /** Gold quotes the importer could not place unambiguously (already left out of items). */
  droppedGold: number;
  /** README.md text before the counts: where the data came from, its licence, what was changed. */
  about: string;
}

export interface ImportSummary {
  documents: number;
  questions: number;
  answerable: number;
  filteredQuestions: number;
  droppedQuestions: number;
  /** Gold quotes dropped by the importer or by the write-time check. */
  droppedGold: number;
  /** Answerable questions left with no gold at all. */
  withoutGold: number;
  /** The parallel dataset, when one was asked for. */
  parallel?: { lang: string; file: string; questions: number };
}

/** Names the importers may write, and so may replace on a re-run. */
const OWNED = /^(tatqa|squad)-[a-z0-9._-]+\.(md|txt)$/;

export async function readJsonInput(file: string): Promise<{ json: unknown; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file} (${code === "EISDIR" ? "a folder, not a file" : (code ?? (err as Error).message)})`);
  }
  try {
    return { json: JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, "")) as unknown, bytes };
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON (${(err as Error).message.replace(/\s+/g, " ").slice(0, 100)})`);
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Distinct strings in first-seen order. */
export function distinct(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * Writes the import. Refuses an OUT_DIR/corpus that holds files this importer did not write
 * (they would be ingested with the imported documents); replaces ones it did.
 */
/** The same questions in another language (by id), written as OUT_DIR/dataset.<lang>.jsonl. */
export interface ParallelQuestions {
  lang: string;
  file: string;
  questions: Map<string, string>;
}

export async function writeImport(outDir: string, imported: Imported, input: { file: string; bytes: Buffer; command: string }, parallel?: ParallelQuestions): Promise<ImportSummary> {
  if (imported.items.length === 0) throw new UsageError(`no questions to write from ${input.file}`);
  const names = new Set<string>();
  for (const d of imported.documents) {
    if (!OWNED.test(d.name) || names.has(d.name)) throw new Error(`importer produced a bad or duplicate document name ${d.name}`);
    names.add(d.name);
  }
  const corpusDir = path.join(outDir, "corpus");
  await mkdir(corpusDir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot create ${corpusDir} (${err.code})`);
  });
  const existing = (await readdir(corpusDir, { withFileTypes: true })).filter((e) => !e.name.startsWith("."));
  const foreign = existing.find((e) => !e.isFile() || !OWNED.test(e.name));
  if (foreign) throw new UsageError(`${corpusDir} holds ${foreign.name}, which no importer wrote; choose an empty OUT_DIR`);
  for (const e of existing) if (!names.has(e.name)) await rm(path.join(corpusDir, e.name));

  // Write, then read every document back through the ingest loader: that text is what the
  // index and the judge see, so that is what the quotes are checked against.
  const written = new Map<string, string>();
  for (const d of imported.documents) {
    const file = path.join(corpusDir, d.name);
    await writeFile(file, d.text);
    const read = await readBytes(file);
    const loaded = read.ok ? await loadBytes(file, read.bytes) : read;
    if (!loaded.ok) throw new Error(`${file} cannot be loaded back: ${loaded.reason}`);
    written.set(d.name, loaded.text);
  }

  let droppedGold = imported.droppedGold;
  const items = imported.items.map((item) => {
    const gold = item.gold.filter((g) => {
      const text = written.get(g.source);
      const ok = text !== undefined && (g.quote === undefined || (g.quote !== "" && text.includes(g.quote)));
      if (!ok) droppedGold++;
      return ok;
    });
    return { ...item, gold };
  });

  await writeDataset(path.join(outDir, "dataset.jsonl"), items);
  // Same ids, gold and answers: only the question's language differs.
  const translated = parallel
    ? items.flatMap((i) => {
        const q = parallel.questions.get(i.id);
        return q ? [{ ...i, question: q, tags: [...i.tags, parallel.lang] }] : [];
      })
    : [];
  if (parallel) await writeDataset(path.join(outDir, `dataset.${parallel.lang}.jsonl`), translated);

  const summary: ImportSummary = {
    documents: imported.documents.length,
    questions: items.length,
    answerable: items.filter((i) => i.answerable).length,
    filteredQuestions: imported.filteredQuestions,
    droppedQuestions: imported.droppedQuestions,
    droppedGold,
    withoutGold: items.filter((i) => i.answerable && i.gold.length === 0).length,
    ...(parallel ? { parallel: { lang: parallel.lang, file: path.basename(parallel.file), questions: translated.length } } : {}),
  };
  await writeFile(path.join(outDir, "README.md"), readme(imported, summary, input));
  return summary;
}

async function writeDataset(file: string, items: ImportedItem[]): Promise<void> {
  const lines = items.map((i) =>
    JSON.stringify({
      id: i.id,
      question: i.question,
      answers: i.answers,
      gold: i.gold.map((g) => (g.quote === undefined ? { source: g.source } : { source: g.source, quote: g.quote })),
      answerable: i.answerable,
      tags: i.tags,
    }),
  );
  const jsonl = lines.join("\n") + "\n";
  parseDataset(jsonl, path.basename(file)); // the harness must accept what we write
  await writeFile(file, jsonl);
}

function readme(imported: Imported, s: ImportSummary, input: { file: string; bytes: Buffer; command: string }): string {
  const sha = createHash("sha256").update(input.bytes).digest("hex");
  return `${imported.about.trim()}

## This folder

Written by \`${input.command}\` from \`${path.basename(input.file)}\` (SHA-256 \`${sha}\`).

- \`corpus/\`: ${s.documents} documents.
- \`dataset.jsonl\`: ${s.questions} questions (${s.answerable} answerable), in the format of \`src/eval/dataset.ts\`.
${s.parallel ? `- \`dataset.${s.parallel.lang}.jsonl\`: the same ${s.parallel.questions} questions asked in ${s.parallel.lang} (from \`${s.parallel.file}\`, matched by id), over the same documents and gold.\n` : ""}- Left out: ${s.filteredQuestions} questions by the options above; ${s.droppedQuestions} unusable questions (no answer or a
  repeated id); ${s.droppedGold} gold quotes that could not be placed exactly in their document.
  ${s.withoutGold} answerable questions have no gold (they count for answers, not for retrieval).

Every gold quote was checked, after writing, to be an exact substring of its document as the ingest loader reads it.
`;
}

export function formatSummary(format: string, outDir: string, s: ImportSummary): string {
  const filtered = s.filteredQuestions ? `; ${s.filteredQuestions} questions filtered out` : "";
  const parallel = s.parallel ? `; ${s.parallel.questions} of them also in ${s.parallel.lang}` : "";
  return `import-dataset: ${format} → ${outDir}: ${s.documents} documents, ${s.questions} questions (${s.answerable} answerable)${filtered}${parallel}; dropped ${s.droppedQuestions} questions, ${s.droppedGold} gold quotes; ${s.withoutGold} answerable without gold`;
}
