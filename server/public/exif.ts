// Public photos carry pixels only. The file is rebuilt from its image data alone (byte level, no
// image library; the compressed pixels are copied unchanged):
// - JPEG: SOI, the coding tables and frame (DQT, DHT, DAC, DRI, SOFn), each SOS with its scan data,
//   EOI. Every APPn (EXIF, XMP, JFIF, ICC, IPTC…) and COM is dropped, except a 12-byte Adobe APP14
//   (colour transform flag only, needed to decode RGB/CMYK files), and nothing after EOI is kept —
//   some phones append a second JPEG (a preview with its own GPS EXIF) there.
// - PNG: IHDR, PLTE, tRNS, IDAT, IEND only; nothing after IEND.
// - WebP: VP8, VP8L, VP8X (EXIF/XMP/ICC flags cleared), ALPH, ANIM, ANMF only; nothing after the RIFF body.

export class BadImage extends Error {}

function concat(parts: Uint8Array[]): Uint8Array {
  const r = new Uint8Array(parts.reduce((s, x) => s + x.length, 0));
  let o = 0;
  for (const x of parts) {
    r.set(x, o);
    o += x.length;
  }
  return r;
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const keepJpegSegment = (m: number, body: Uint8Array) =>
  isSof(m) ||
  m === 0xc4 || // DHT
  m === 0xcc || // DAC
  m === 0xdb || // DQT
  m === 0xdd || // DRI
  m === 0xdc || // DNL
  (m === 0xee && body.length === 12 && String.fromCharCode(...body.subarray(0, 5)) === "Adobe");

export function stripJpegMetadata(b: Uint8Array): Uint8Array {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw new BadImage("not a JPEG");
  const out: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  let frame = false;
  let scans = 0;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new BadImage(`expected marker at ${i}`);
    let j = i + 1;
    while (j < b.length && b[j] === 0xff) j++; // fill bytes
    if (j >= b.length) break;
    const m = b[j]!;
    if (m === 0xd9) break; // EOI: everything after it is dropped
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i = j + 1; // stray TEM/RST outside a scan carries nothing
      continue;
    }
    if (j + 2 >= b.length) throw new BadImage("truncated segment header");
    const len = (b[j + 1]! << 8) | b[j + 2]!;
    if (len < 2 || j + 1 + len > b.length) throw new BadImage("bad segment length");
    const end = j + 1 + len;
    const seg = b.subarray(j - 1, end);
    if (m === 0xda) {
      if (!frame) throw new BadImage("scan before frame header");
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker.
      let k = end;
      while (k < b.length) {
        if (b[k] === 0xff) {
          const n = b[k + 1];
          if (n === undefined) break;
          if (n !== 0x00 && !(n >= 0xd0 && n <= 0xd7) && n !== 0xff) break;
        }
        k++;
      }
      out.push(seg, b.subarray(end, k));
      scans++;
      i = k;
      continue;
    }
    if (isSof(m)) frame = true;
    if (keepJpegSegment(m, b.subarray(j + 3, end))) out.push(seg);
    i = end;
  }
  if (!scans) throw new BadImage("no image data");
  out.push(new Uint8Array([0xff, 0xd9]));
  return concat(out);
}

const KEEP_PNG = new Set(["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);

export function stripPngMetadata(b: Uint8Array): Uint8Array {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 8 || sig.some((v, k) => b[k] !== v)) throw new BadImage("not a PNG");
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const keep: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  let ended = false;
  while (i + 12 <= b.length) {
    const len = dv.getUint32(i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    const end = i + 12 + len;
    if (end > b.length) throw new BadImage("truncated chunk");
    if (KEEP_PNG.has(type)) keep.push(b.subarray(i, end));
    i = end;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended) throw new BadImage("no IEND");
  return concat(keep);
}

const KEEP_WEBP = new Set(["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF"]);

export function stripWebpMetadata(b: Uint8Array): Uint8Array {
  const tag = (at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
  if (b.length < 20 || tag(0) !== "RIFF" || tag(8) !== "WEBP") throw new BadImage("not a WebP");
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const riffEnd = Math.min(b.length, 8 + dv.getUint32(4, true));
  const keep: Uint8Array[] = [];
  let i = 12;
  let image = false;
  while (i + 8 <= riffEnd) {
    const type = tag(i);
    const len = dv.getUint32(i + 4, true);
    const end = i + 8 + len + (len & 1);
    if (i + 8 + len > riffEnd) throw new BadImage("truncated chunk");
    if (KEEP_WEBP.has(type)) {
      const c = b.slice(i, Math.min(end, riffEnd));
      if (type === "VP8X" && len >= 1) c[8] = c[8]! & ~(0x20 | 0x08 | 0x04); // ICC, EXIF, XMP flags
      if (type !== "VP8X") image = true;
      keep.push(c);
      if (c.length & 1) keep.push(new Uint8Array(1));
    }
    i = end;
  }
  if (!image) throw new BadImage("no image data");
  const body = concat(keep);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 12));
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  return concat([head, body]);
}

/** Rebuild by sniffed type; null for types we cannot clean (those are never shown publicly). */
export function stripMetadata(b: Uint8Array): { bytes: Uint8Array; mime: string; ext: string } | null {
  if (b[0] === 0xff && b[1] === 0xd8) return { bytes: stripJpegMetadata(b), mime: "image/jpeg", ext: "jpg" };
  if (b[0] === 0x89 && b[1] === 0x50) return { bytes: stripPngMetadata(b), mime: "image/png", ext: "png" };
  if (b.length >= 12 && String.fromCharCode(...b.subarray(8, 12)) === "WEBP")
    return { bytes: stripWebpMetadata(b), mime: "image/webp", ext: "webp" };
  return null;
}
