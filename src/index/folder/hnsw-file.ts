// Checks an hnswlib index file before the native reader sees it. hnswlib (C++) trusts the file:
// its loader only checks the overall length, and a neighbour id or list count that is out of
// range in a damaged file makes the first search read outside its memory and kill the process
// (a segfault, not an exception). So every number the search follows is checked here first.
//
// The format (hnswlib 0.8, HierarchicalNSW::saveIndex), little-endian:
//   header: offsetLevel0, maxElements, curCount, sizeDataPerElement, labelOffset, offsetData
//           (size_t each), maxLevel (int32), entryPoint (uint32), maxM, maxM0, M (size_t),
//           mult (double), efConstruction (size_t)                                  = 96 bytes
//   level 0: curCount records of sizeDataPerElement bytes:
//           [count (uint16) + flags (uint16)] [maxM0 × uint32 neighbour ids] [dims × float32] [label (size_t)]
//   upper levels, per element: linkListSize (uint32), then linkListSize bytes: one
//           [count + flags] [maxM × uint32] block per level above 0.

export interface HnswExpectation {
  count: number;
  dims: number;
  M: number;
}

const HEADER_BYTES = 96;

/** Why the file cannot be used ("is truncated", "has …"), or undefined when every structure in it is in range. */
export function hnswFileProblem(buf: Buffer, expect: HnswExpectation): string | undefined {
  if (buf.length < HEADER_BYTES) return "is shorter than its header";
  const u64 = (at: number) => {
    const v = buf.readBigUInt64LE(at);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  };
  const offsetLevel0 = u64(0);
  const maxElements = u64(8);
  const count = u64(16);
  const sizeData = u64(24);
  const labelOffset = u64(32);
  const offsetData = u64(40);
  const maxLevel = buf.readInt32LE(48);
  const entryPoint = buf.readUInt32LE(52);
  const maxM = u64(56);
  const maxM0 = u64(64);
  const M = u64(72);
  const mult = buf.readDoubleLE(80);

  const { dims } = expect;
  if (count !== expect.count) return `holds ${count} elements, the manifest says ${expect.count}`;
  if (maxElements < count || maxElements > Math.max(1, count)) return "has a wrong capacity";
  if (offsetLevel0 !== 0 || M !== expect.M || maxM !== M || maxM0 !== 2 * M) return "has wrong graph settings";
  if (!(mult > 0 && Number.isFinite(mult))) return "has a wrong level factor";
  const linksLevel0 = 4 + maxM0 * 4;
  const linksUpper = 4 + maxM * 4;
  if (offsetData !== linksLevel0 || labelOffset !== offsetData + dims * 4 || sizeData !== labelOffset + 8) {
    return `does not hold ${dims}-dimension vectors`;
  }
  if (count === 0) return buf.length === HEADER_BYTES ? undefined : "has bytes after its end";
  if (maxLevel < 0 || maxLevel > 64 || entryPoint >= count) return "has a wrong entry point";
  if (HEADER_BYTES + count * sizeData > buf.length) return "is truncated";

  const labels = new Uint8Array(count);
  const neighbours = (at: number, max: number): string | undefined => {
    const n = buf.readUInt16LE(at);
    if (n > max) return "has a neighbour list that is too long";
    for (let k = 0; k < n; k++) if (buf.readUInt32LE(at + 4 + k * 4) >= count) return "has a neighbour id out of range";
    return undefined;
  };
  for (let i = 0; i < count; i++) {
    const base = HEADER_BYTES + i * sizeData;
    if (buf.readUInt16LE(base + 2) !== 0) return "has an element marked deleted";
    const bad = neighbours(base, maxM0);
    if (bad) return bad;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const x = buf.readFloatLE(base + offsetData + d * 4);
      if (!Number.isFinite(x)) return "has a vector that is not a number";
      norm += x * x;
    }
    // The cosine space stores unit vectors (a zero vector stays zero).
    if (norm !== 0 && Math.abs(norm - 1) > 1e-3) return "has a vector that is not unit length";
    const label = u64(base + labelOffset);
    if (label >= count || labels[label]) return "has element labels out of range or repeated";
    labels[label] = 1;
  }

  // Every element's levels first: a neighbour followed at level l must itself reach level l.
  const levels = new Int32Array(count);
  const listAt = new Float64Array(count);
  let at = HEADER_BYTES + count * sizeData;
  for (let i = 0; i < count; i++) {
    if (at + 4 > buf.length) return "is truncated";
    const size = buf.readUInt32LE(at);
    at += 4;
    if (size % linksUpper !== 0) return "has a link list of a wrong size";
    levels[i] = size / linksUpper;
    if (levels[i]! > maxLevel) return "has an element above the top level";
    if (at + size > buf.length) return "is truncated";
    listAt[i] = at;
    at += size;
  }
  if (at !== buf.length) return "has bytes after its end";
  if (levels[entryPoint] !== maxLevel) return "has a wrong entry point";
  for (let i = 0; i < count; i++) {
    for (let l = 1; l <= levels[i]!; l++) {
      const list = listAt[i]! + (l - 1) * linksUpper;
      const n = buf.readUInt16LE(list);
      if (n > maxM) return "has a neighbour list that is too long";
      for (let k = 0; k < n; k++) {
        const id = buf.readUInt32LE(list + 4 + k * 4);
        if (id >= count || levels[id]! < l) return "has a neighbour id out of range";
      }
    }
  }
  return undefined;
}
