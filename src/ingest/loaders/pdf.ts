// PDF: the text layer of every page (pdfjs-dist, Mozilla's parser), pages separated by a
// blank line. A scanned PDF without a text layer is skipped with that reason, and so is a
// decompression bomb: too much inflated data, too many pages or too much text.
import { MAX_PDF_INFLATED_BYTES, MAX_PDF_PAGES, MAX_TEXT_CHARS, mb, textTooLong } from "./limits.js";
import { pdfInflatedBytes } from "./pdf-inflate.js";
import { pdfSourceUrl } from "./source-url.js";
import type { LoadResult } from "./types.js";

export async function loadPdf(bytes: Buffer): Promise<LoadResult> {
  if ((await pdfInflatedBytes(bytes, MAX_PDF_INFLATED_BYTES)) > MAX_PDF_INFLATED_BYTES) {
    return { ok: false, reason: `PDF inflates to over ${mb(MAX_PDF_INFLATED_BYTES)} (decompression bomb?)` };
  }
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (err) {
    return { ok: false, reason: `unreadable PDF (${(err as Error).message.split("\n")[0]})` };
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) return { ok: false, reason: `too many pages (${doc.numPages} > ${MAX_PDF_PAGES})` };
    const pages: Array<{ page: number; text: string }> = [];
    let chars = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str;
        if (item.hasEOL) text += "\n";
      }
      pages.push({ page: p, text: text.replace(/[ \t]+\n/g, "\n").trim() });
      page.cleanup();
      chars += text.length;
      if (chars > MAX_TEXT_CHARS) return { ok: false, reason: textTooLong() };
    }
    // Where each page's text begins in the joined text: a citation names its page.
    const starts: Array<[number, number]> = [];
    let at = 0;
    for (const { page, text } of pages.filter((p) => p.text)) {
      starts.push([at, page]);
      at += text.length + 2;
    }
    const text = pages
      .filter((p) => p.text)
      .map((p) => p.text)
      .join("\n\n");
    if (!text.trim()) return { ok: false, reason: "PDF has no text layer (scanned image?)" };
    const meta = await doc.getMetadata().catch(() => undefined);
    const url = pdfSourceUrl(meta?.info, meta?.metadata);
    return { ok: true, text, meta: { pages: starts, ...(url ? { url } : {}) } };
  } catch (err) {
    return { ok: false, reason: `unreadable PDF (${(err as Error).message.split("\n")[0]})` };
  } finally {
    await doc.destroy();
  }
}
