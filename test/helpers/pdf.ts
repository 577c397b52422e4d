// Writes small, valid one-page PDFs with a text layer (Helvetica), for loader tests, and
// decompression bombs: a Flate content stream of a few lines followed by spaces.
import { createDeflate } from "node:zlib";

export function makePdf(lines: string[]): Buffer {
  return pdfWithContent(Buffer.from(textContent(lines), "latin1"));
}

/** A valid PDF whose one content stream inflates to `inflatedBytes` (1 GB: about 1 MB of file). */
export async function makePdfBomb(lines: string[], inflatedBytes: number): Promise<Buffer> {
  const z = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on("data", (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => z.on("end", resolve));
  const head = Buffer.from(textContent(lines) + "\n", "latin1");
  z.write(head);
  const block = Buffer.alloc(1 << 20, 0x20);
  // Bounded: one write per MB.
  for (let left = inflatedBytes - head.length; left > 0; left -= block.length) {
    if (!z.write(left >= block.length ? block : block.subarray(0, left))) await new Promise((r) => z.once("drain", r));
  }
  z.end();
  await ended;
  return pdfWithContent(Buffer.concat(out), "/Filter /FlateDecode");
}

/** A PDF of several pages (each a list of lines), with an information dictionary (e.g. { URL: "https://…" }). */
export function makePdfPages(pages: string[][], info: Record<string, string> = {}): Buffer {
  const n = pages.length;
  // Objects: 1 catalog, 2 pages, 3 font, 4 info, then per page a page object and its content.
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${5 + 2 * i} 0 R`).join(" ")}] /Count ${n} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< ${Object.entries(info)
      .map(([k, v]) => `/${k} (${esc(v)})`)
      .join(" ")} >>`,
  ];
  pages.forEach((lines, i) => {
    const content = textContent(lines);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${6 + 2 * i} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`);
  });
  return assemble(objects, "/Info 4 0 R");
}

/** A PDF string's text: backslash and parentheses escaped. */
const esc = (s: string) => s.replace(/[\\()]/g, (c) => "\\" + c);

function textContent(lines: string[]): string {
  return ["BT", "/F1 12 Tf", "14 TL", "72 720 Td", ...lines.map((l) => `(${esc(l)}) Tj T*`), "ET"].join("\n");
}

function pdfWithContent(content: Buffer, filter = ""): Buffer {
  const stream = content.toString("latin1");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${content.length}${filter ? " " + filter : ""} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  return assemble(objects);
}

function assemble(objects: string[], trailerExtra = ""): Buffer {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
