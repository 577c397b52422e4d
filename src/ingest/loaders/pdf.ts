// PDF: the text layer of every page (pdfjs-dist, Mozilla's parser), pages separated by a
// blank line. A scanned PDF without a text layer is skipped with that reason.
import type { LoadResult } from "./types.js";

export async function loadPdf(bytes: Buffer): Promise<LoadResult> {
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
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str;
        if (item.hasEOL) text += "\n";
      }
      pages.push(text.replace(/[ \t]+\n/g, "\n").trim());
      page.cleanup();
    }
    const text = pages.filter(Boolean).join("\n\n");
    if (!text.trim()) return { ok: false, reason: "PDF has no text layer (scanned image?)" };
    return { ok: true, text };
  } catch (err) {
    return { ok: false, reason: `unreadable PDF (${(err as Error).message.split("\n")[0]})` };
  } finally {
    await doc.destroy();
  }
}
