// Picks the loader for a file by its extension and turns every failure into a skip reason.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { loadHtml } from "./html.js";
import { loadPdf } from "./pdf.js";
import { loadMarkdown, loadText } from "./text.js";
import { MAX_FILE_BYTES, MAX_TEXT_CHARS, textTooLong } from "./limits.js";
import type { DocumentMeta, Loader, LoadResult } from "./types.js";

export type { DocumentMeta, LoadResult } from "./types.js";

const LOADERS: Record<string, Loader> = {
  ".txt": loadText,
  ".text": loadText,
  ".md": loadMarkdown,
  ".markdown": loadMarkdown,
  ".html": loadHtml,
  ".htm": loadHtml,
  ".pdf": loadPdf,
};

export const SUPPORTED_EXTENSIONS = Object.keys(LOADERS);

export { MAX_FILE_BYTES } from "./limits.js";

export function isSupported(file: string): boolean {
  return path.extname(file).toLowerCase() in LOADERS;
}

export async function readBytes(file: string): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: string }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, reason: "not a regular file" };
    if (info.size > MAX_FILE_BYTES) {
      return { ok: false, reason: `too large (${(info.size / 1048576).toFixed(0)} MB > ${MAX_FILE_BYTES / 1048576} MB)` };
    }
    return { ok: true, bytes: await readFile(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === "EACCES" ? "permission denied" : `unreadable (${code ?? (err as Error).message})` };
  }
}

/** Loads the visible text of a file already read into memory. */
export async function loadBytes(file: string, bytes: Buffer): Promise<LoadResult> {
  const ext = path.extname(file).toLowerCase();
  const loader = LOADERS[ext];
  if (!loader) return { ok: false, reason: `unsupported file type ${ext || "(no extension)"}` };
  if (bytes.length === 0) return { ok: false, reason: "empty file" };
  let result: LoadResult;
  try {
    result = await loader(bytes);
  } catch (err) {
    return { ok: false, reason: `could not be parsed (${(err as Error).message.split("\n")[0]})` };
  }
  if (result.ok && result.text.length > MAX_TEXT_CHARS) return { ok: false, reason: textTooLong() };
  if (result.ok && result.text.trim() === "") return { ok: false, reason: "no text in file" };
  if (result.ok && result.text.charCodeAt(0) === 0xfeff) return { ...result, text: result.text.slice(1), meta: shiftPages(result.meta, -1) };
  return result;
}

/** Page offsets moved with the text (a dropped BOM). */
function shiftPages(meta: DocumentMeta | undefined, by: number): DocumentMeta | undefined {
  return meta?.pages ? { ...meta, pages: meta.pages.map(([offset, page]) => [Math.max(0, offset + by), page]) } : meta;
}
