// Plain text and Markdown: the file's own UTF-8 text (a leading BOM dropped).
import { frontMatterUrl } from "./source-url.js";
import type { LoadResult } from "./types.js";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes UTF-8, refusing binary data (NUL bytes or invalid sequences). */
export function decodeUtf8(bytes: Buffer): LoadResult {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: "binary file (contains NUL bytes)" };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, reason: "not valid UTF-8 text (binary, or another encoding)" };
  }
}

export async function loadText(bytes: Buffer): Promise<LoadResult> {
  return decodeUtf8(bytes);
}

/** Markdown: its text, and the address its front matter gives (`url:`). */
export async function loadMarkdown(bytes: Buffer): Promise<LoadResult> {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return decoded;
  const url = frontMatterUrl(decoded.text);
  return url ? { ...decoded, meta: { url } } : decoded;
}
