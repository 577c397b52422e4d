/** Where a document came from and how its text maps to pages, when the file says. */
export interface DocumentMeta {
  /** The document's original address (http or https). */
  url?: string;
  /** PDF: [offset in the loaded text where a page's text begins, page number], in order. */
  pages?: Array<[number, number]>;
}

/** What a loader makes of one file: its visible text, or why it was skipped. */
export type LoadResult = { ok: true; text: string; meta?: DocumentMeta } | { ok: false; reason: string };

export type Loader = (bytes: Buffer) => Promise<LoadResult>;
