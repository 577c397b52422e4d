// PDF decompression bombs: a small file whose Flate content stream inflates far past what the
// ingest should hold. The inflated size is counted as a stream (zlib's window in memory) before
// pdfjs, which would inflate the stream whole, ever sees the file; the bomb is skipped with a
// reason, and the rest of the corpus is indexed.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../src/embeddings/local.js";
import { ingest } from "../src/ingest/pipeline.js";
import { MAX_PDF_INFLATED_BYTES } from "../src/ingest/loaders/limits.js";
import { loadPdf } from "../src/ingest/loaders/pdf.js";
import { pdfInflatedBytes } from "../src/ingest/loaders/pdf-inflate.js";
import { makePdf, makePdfBomb } from "./helpers/pdf.js";
import { tempDir } from "./helpers/tmp.js";

const embeddings = new LocalEmbeddings({ workers: 0 });
afterAll(() => embeddings.close());

describe("PDF decompression bombs", () => {
  it("counts what a PDF inflates to, stopping at the budget", async () => {
    const pdf = await makePdfBomb(["Small print."], 3 << 20);
    expect(await pdfInflatedBytes(pdf, 100 << 20)).toBeGreaterThanOrEqual(3 << 20);
    expect(await pdfInflatedBytes(pdf, 1 << 20)).toBeLessThan(2 << 20); // stops past the budget
    expect(await pdfInflatedBytes(makePdf(["plain"]), 1 << 20)).toBe(0); // no Flate stream
  });

  it("a PDF that inflates past the limit is skipped with a reason; one under it loads", async () => {
    const bomb = await makePdfBomb(["The vault code is 1234."], MAX_PDF_INFLATED_BYTES + (20 << 20));
    expect(bomb.length).toBeLessThan(1 << 20);
    expect(await loadPdf(bomb)).toEqual({ ok: false, reason: "PDF inflates to over 100 MB (decompression bomb?)" });
    expect(await loadPdf(await makePdfBomb(["The vault code is 1234."], 2 << 20))).toEqual({ ok: true, text: "The vault code is 1234.", meta: { pages: [[0, 1]] } });
  });

  it("the ingest skips the bomb and indexes the rest", async () => {
    const root = await tempDir("planbot-pdf-bomb-");
    const corpus = path.join(root, "corpus");
    await mkdir(corpus);
    await writeFile(path.join(corpus, "bomb.pdf"), await makePdfBomb(["Boom."], MAX_PDF_INFLATED_BYTES + (20 << 20)));
    await writeFile(path.join(corpus, "notes.md"), "# Notes\n\nThe river port opens in 2031.\n");
    const report = await ingest({ corpusDir: corpus, indexDir: path.join(root, "index"), embeddings });
    expect(report.documents).toBe(1);
    expect(report.skipped).toEqual([{ file: "bomb.pdf", reason: "PDF inflates to over 100 MB (decompression bomb?)" }]);
  });
});
