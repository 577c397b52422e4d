// What an uploaded document must pass before it reaches the corpus: a size limit, a safe name
// (no path from the upload ever reaches the filesystem), and a type read from its content, not
// its name: a PDF must start like one, text must be UTF-8 without NUL bytes.
import path from "node:path";
import { decodeUtf8 } from "../ingest/loaders/text.js";

export type UploadType = "pdf" | "html" | "markdown" | "text";

/** The extensions an upload may have, and the content each must have. */
const EXTENSIONS: Record<string, UploadType[]> = {
  ".pdf": ["pdf"],
  ".html": ["html", "text"],
  ".htm": ["html", "text"],
  ".md": ["markdown", "text", "html"],
  ".markdown": ["markdown", "text", "html"],
  ".txt": ["text", "markdown", "html"],
};

export const UPLOAD_EXTENSIONS = Object.keys(EXTENSIONS);

/** Longest file name kept (characters). */
const MAX_NAME_CHARS = 120;

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * The name a document is stored under: the upload's name when it is a plain file name, with
 * odd characters replaced. A name with a path in it (`../../x.md`, `a/b.md`, `C:\x.md`) or
 * starting with a dot is refused rather than cleaned: the uploader should know.
 */
export function sanitizeUploadName(raw: string): Checked<string> {
  const name = raw.normalize("NFC").trim();
  if (!name) return { ok: false, reason: "the file has no name" };
  if (/[/\\]/.test(name) || name.includes("\0")) return { ok: false, reason: `"${printable(name)}" is a path, not a file name; send the file under a plain name such as plan-annex.pdf` };
  if (name.startsWith(".")) return { ok: false, reason: `"${printable(name)}" starts with a dot (hidden files are never indexed); rename it` };
  const ext = path.extname(name).toLowerCase();
  if (!(ext in EXTENSIONS)) return { ok: false, reason: `only ${UPLOAD_EXTENSIONS.filter((e) => e !== ".htm" && e !== ".markdown").join(", ")} files can be added (got "${printable(name)}")` };
  const stem = name
    .slice(0, -ext.length)
    // Letters, digits, spaces and a few safe marks; anything else (control characters, quotes, :, *, ?) becomes "-".
    .replace(/[^\p{L}\p{N}\p{M} ._()+,-]/gu, "-")
    .replace(/\s+/g, " ")
    .replace(/-{2,}/g, "-")
    .trim()
    .slice(0, MAX_NAME_CHARS - ext.length);
  if (!stem || /^\.+$/.test(stem)) return { ok: false, reason: `"${printable(name)}" is not a usable file name` };
  return { ok: true, value: stem + ext };
}

/** What the bytes are, by their content. */
export function sniffType(bytes: Buffer): UploadType | { binary: string } {
  const head = bytes.subarray(0, 1024).toString("latin1");
  if (/%PDF-\d\.\d/.test(head)) return "pdf";
  const known = MAGIC.find(([, magic]) => bytes.subarray(0, magic.length).equals(magic));
  if (known) return { binary: known[0] };
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { binary: "binary data" };
  const start = decoded.text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 2048)
    .toLowerCase();
  if (/^(?:<!--[^]*?-->\s*)*<(?:!doctype html|html|head|body)\b/.test(start)) return "html";
  if (/^---\r?\n|^#{1,6} |\n#{1,6} |\]\(|^\s*[-*] /m.test(start)) return "markdown";
  return "text";
}

const MAGIC: Array<[string, Buffer]> = [
  ["a PNG image", Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ["a JPEG image", Buffer.from([0xff, 0xd8, 0xff])],
  ["a GIF image", Buffer.from("GIF8", "latin1")],
  ["a ZIP archive (a Word or Excel file?)", Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  ["gzip data", Buffer.from([0x1f, 0x8b])],
  ["a program (ELF)", Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  ["a Windows program", Buffer.from("MZ", "latin1")],
];

/** What can be checked before downloading an upload: the size the platform announced and the name. */
export function checkAnnouncedUpload(upload: { name: string; bytes?: number }, maxBytes: number): Checked<string> {
  if (upload.bytes === 0) return { ok: false, reason: "the file is empty" };
  if (upload.bytes !== undefined && upload.bytes > maxBytes) return { ok: false, reason: `the file is too large (${megabytes(upload.bytes)}; the limit is ${megabytes(maxBytes)}, UPLOAD_MAX_MB)` };
  return sanitizeUploadName(upload.name);
}

/** Size, name and content type of an upload; the safe name when all pass. */
export function checkUpload(upload: { name: string; bytes: Buffer }, maxBytes: number): Checked<{ name: string; type: UploadType }> {
  const announced = checkAnnouncedUpload({ name: upload.name, bytes: upload.bytes.length }, maxBytes);
  if (!announced.ok) return announced;
  const name = announced;
  const ext = path.extname(name.value).toLowerCase();
  const type = sniffType(upload.bytes);
  if (typeof type !== "string") return { ok: false, reason: `${name.value} is not a ${ext.slice(1).toUpperCase()} file: its content is ${type.binary}` };
  if (!EXTENSIONS[ext]!.includes(type)) {
    const is = type === "pdf" ? "a PDF" : type === "html" ? "an HTML page" : "text";
    return { ok: false, reason: `${name.value} is not a ${ext.slice(1).toUpperCase()} file: its content is ${is}; rename it to match` };
  }
  return { ok: true, value: { name: name.value, type } };
}

/** A name as it may be shown back: control characters dropped, at most 80 characters. */
function printable(name: string): string {
  const clean = name.replace(/[\u0000-\u001F\u007F-\u009F]/g, "");
  return clean.length > 80 ? clean.slice(0, 79) + "…" : clean;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
