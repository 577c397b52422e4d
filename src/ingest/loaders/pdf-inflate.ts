// What a PDF's Flate streams inflate to, counted before pdfjs sees the file: pdfjs inflates a
// content stream whole into memory, so a 1 MB stream of zeros becomes 1 GB there. Here each
// stream goes through zlib as a stream, its output counted and dropped, and the count stops at
// the budget: memory stays at zlib's window whatever the file holds.
import { createInflate, type Inflate } from "node:zlib";

const STREAM = /stream(?:\r\n|\n|\r)/g;

/** Inflated bytes of the file's non-image Flate streams, counted up to just past `budget`. */
export async function pdfInflatedBytes(pdf: Buffer, budget: number): Promise<number> {
  const text = pdf.toString("latin1");
  let total = 0;
  for (const m of text.matchAll(STREAM)) {
    if (text.slice(m.index - 3, m.index) === "end") continue; // "endstream"
    // The stream's dictionary: from its "obj" keyword (or a bounded look-back) to "stream".
    const from = Math.max(text.lastIndexOf(" obj", m.index), m.index - 4096, 0);
    const dict = text.slice(from, m.index);
    if (!dict.trimEnd().endsWith(">>")) continue;
    // Images are never decoded for text; a chain such as [/FlateDecode /FlateDecode] is inflated
    // layer by layer, as pdfjs would.
    if (/\/Subtype\s*\/Image\b/.test(dict)) continue;
    const layers = (dict.match(/\/(?:FlateDecode|Fl)\b/g) ?? []).length;
    if (layers === 0) continue;
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    total += await inflatedBytes(pdf.subarray(start, end < 0 ? pdf.length : end), layers, budget - total);
    if (total > budget) break;
  }
  return total;
}

/** Bytes `layers` rounds of inflate make of `data`, stopping once past `budget`; damaged data counts as far as it inflates. */
function inflatedBytes(data: Buffer, layers: number, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const chain: Inflate[] = Array.from({ length: layers }, () => createInflate());
    let n = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      for (const z of chain) z.destroy();
      resolve(n);
    };
    for (let i = 0; i + 1 < chain.length; i++) chain[i]!.pipe(chain[i + 1]!);
    const last = chain[chain.length - 1]!;
    last.on("data", (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) finish();
    });
    last.on("end", finish);
    for (const z of chain) z.on("error", finish);
    chain[0]!.end(data);
  });
}
