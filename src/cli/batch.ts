// `npm run ask -- --json --batch FILE.jsonl`: one {"id","question"} per line. A line that cannot
// be read (not JSON, no "question" string) does not abort the batch: it becomes an
// {"id","error"} line of the output, in its place, and the command exits 2 at the end.
import { readFile } from "node:fs/promises";
import { UsageError } from "./args.js";

export type BatchLine = { id: unknown; question: string } | { id: unknown; error: string };

export async function readBatch(file: string): Promise<BatchLine[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
  const lines: BatchLine[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      lines.push({ id: i + 1, error: `${where}: not valid JSON` });
      return;
    }
    const fields = typeof obj === "object" && obj !== null ? (obj as { id?: unknown; question?: unknown }) : {};
    const id = fields.id ?? i + 1;
    if (typeof fields.question !== "string") lines.push({ id, error: `${where}: needs a "question" string` });
    else lines.push({ id, question: fields.question });
  });
  return lines;
}
