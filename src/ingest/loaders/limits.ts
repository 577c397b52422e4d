// How much one file may cost the ingest. A file's size on disk says little for compressed
// formats: a 1 MB PDF can inflate to 1 GB, so PDFs are also limited by what they inflate to and
// by their page count, and every loader by the text it produces.

/** Files larger than this are skipped: they would stall the ingest for little gain. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** The longest text one file may yield (characters), whatever its format. */
export const MAX_TEXT_CHARS = 50 * 1024 * 1024;

/** Bytes a PDF's Flate streams (other than images, which text extraction never decodes) may inflate to. */
export const MAX_PDF_INFLATED_BYTES = 100 * 1024 * 1024;

export const MAX_PDF_PAGES = 5_000;

export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

export function textTooLong(): string {
  return `too much text (over ${mb(MAX_TEXT_CHARS)} characters)`;
}
