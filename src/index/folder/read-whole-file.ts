// Reads a whole binary file of any size. fs.readFile refuses files over 2 GiB, and the HNSW
// graph of a 1M-chunk index is about 2.3 GB (the vectors about 2 GB).
import { open } from "node:fs/promises";

const PIECE = 256 * 2 ** 20;

/** The file's bytes in a Buffer of its own (offset 0, so a Float32Array can view it without a copy). */
export async function readWholeFile(file: string): Promise<Buffer> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const buf = Buffer.allocUnsafeSlow(size);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(buf, at, Math.min(PIECE, size - at), at);
      if (bytesRead === 0) throw new Error(`${file} shrank while it was read`);
      at += bytesRead;
    }
    return buf;
  } finally {
    await handle.close();
  }
}
