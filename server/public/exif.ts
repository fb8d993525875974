// Remove location and other metadata from photos before the public sees them.
// JPEG: drop every APP1 segment (EXIF, XMP) and APP13 (IPTC/Photoshop); PNG: drop eXIf,
// tEXt, zTXt and iTXt chunks. Byte-level, no image library; pixels are copied unchanged.

export class BadImage extends Error {}

export function stripJpegMetadata(b: Uint8Array): Uint8Array {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw new BadImage("not a JPEG");
  const out: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new BadImage(`expected marker at ${i}`);
    let m = b[i + 1]!;
    let j = i + 1;
    while (m === 0xff && j + 1 < b.length) m = b[++j]!; // fill bytes
    const start = j - 1;
    if (m === 0xd9) {
      out.push(b.subarray(start, j + 1));
      i = j + 1;
      break;
    }
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      out.push(b.subarray(start, j + 1));
      i = j + 1;
      continue;
    }
    if (j + 2 >= b.length) throw new BadImage("truncated segment header");
    const len = (b[j + 1]! << 8) | b[j + 2]!;
    if (len < 2 || j + 1 + len > b.length) throw new BadImage("bad segment length");
    const end = j + 1 + len;
    if (m === 0xda) {
      // Start of scan: the entropy-coded data runs to the end; copy everything that follows.
      out.push(b.subarray(start));
      i = b.length;
      break;
    }
    if (m !== 0xe1 && m !== 0xed) out.push(b.subarray(start, end));
    i = end;
  }
  if (i < b.length) out.push(b.subarray(i));
  const total = out.reduce((s, x) => s + x.length, 0);
  const r = new Uint8Array(total);
  let o = 0;
  for (const x of out) {
    r.set(x, o);
    o += x.length;
  }
  return r;
}

const DROP_PNG = new Set(["eXIf", "tEXt", "zTXt", "iTXt"]);

export function stripPngMetadata(b: Uint8Array): Uint8Array {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 8 || sig.some((v, k) => b[k] !== v)) throw new BadImage("not a PNG");
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const keep: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = dv.getUint32(i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    const end = i + 12 + len;
    if (end > b.length) throw new BadImage("truncated chunk");
    if (!DROP_PNG.has(type)) keep.push(b.subarray(i, end));
    i = end;
    if (type === "IEND") break;
  }
  const r = new Uint8Array(keep.reduce((s, x) => s + x.length, 0));
  let o = 0;
  for (const x of keep) {
    r.set(x, o);
    o += x.length;
  }
  return r;
}

/** Strip by sniffed type; null for types we cannot clean (those are never shown publicly). */
export function stripMetadata(b: Uint8Array): { bytes: Uint8Array; mime: string; ext: string } | null {
  if (b[0] === 0xff && b[1] === 0xd8) return { bytes: stripJpegMetadata(b), mime: "image/jpeg", ext: "jpg" };
  if (b[0] === 0x89 && b[1] === 0x50) return { bytes: stripPngMetadata(b), mime: "image/png", ext: "png" };
  return null;
}
