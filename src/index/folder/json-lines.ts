// A JSON file too large for one string: a header line, then one JSON value per line, written
// through a stream and read back line by line. V8 caps a string at 512 MiB, which a whole-file
// JSON.stringify or readFile(…, "utf8") of a 1M-chunk index passes. The header counts the
// lines that follow, so a file cut exactly at a line boundary is caught like any other damage.
import { open } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export async function writeJsonLines(file: string, head: object, count: number, items: Iterable<unknown>): Promise<void> {
  function* lines(): Generator<string> {
    yield JSON.stringify({ ...head, lines: count }) + "\n";
    let n = 0;
    for (const item of items) {
      n++;
      yield JSON.stringify(item) + "\n";
    }
    if (n !== count) throw new Error(`${file}: wrote ${n} lines, announced ${count}`);
  }
  await pipeline(Readable.from(lines()), createWriteStream(file));
}

/** Reads a file written by writeJsonLines, giving each line's value to `onItem`; returns the header. */
export async function readJsonLines(file: string, onItem: (item: unknown) => void): Promise<Record<string, unknown>> {
  const handle = await open(file); // Throws ENOENT here, where the caller can tell it apart.
  let head: Record<string, unknown> | undefined;
  let expected = 0;
  let seen = 0;
  // readLines closes the handle at the end, and on an early exit from the loop.
  for await (const line of handle.readLines()) {
    const value: unknown = JSON.parse(line);
    if (head === undefined) {
      const lines = (value as { lines?: unknown } | null)?.lines;
      if (typeof lines !== "number" || !Number.isSafeInteger(lines) || lines < 0) throw new Error(`${file}: no header line`);
      head = value as Record<string, unknown>;
      expected = lines;
    } else if (++seen > expected) {
      throw new Error(`${file}: more lines than its header says`);
    } else {
      onItem(value);
    }
  }
  if (head === undefined || seen !== expected) throw new Error(`${file}: cut short (${seen} of ${expected} lines)`);
  return head;
}
