import { test, expect } from "bun:test";
import { stripJpegMetadata, stripPngMetadata, stripWebpMetadata, stripMetadata, BadImage } from "./exif.ts";

const seg = (marker: number, payload: number[]) => [
  0xff,
  marker,
  ((payload.length + 2) >> 8) & 0xff,
  (payload.length + 2) & 0xff,
  ...payload,
];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

// A tiny synthetic JPEG: SOI, APP0 (JFIF), APP1 (Exif with a GPS-like string), DQT, APP1 (XMP), SOF0, DHT, SOS + data, EOI.
const app0 = seg(0xe0, [...ascii("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const exif = seg(0xe1, [...ascii("Exif\0\0"), ...ascii("GPSLatitude 28.68N GPSLongitude 115.89E")]);
const dqt = seg(0xdb, [0, ...Array(64).fill(1)]);
const xmp = seg(0xe1, ascii("http://ns.adobe.com/xap/1.0/\0<x:gps/>"));
const sos = seg(0xda, [1, 1, 0, 0, 0x3f, 0]);
const scan = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]; // stuffed byte and a restart marker inside the scan

const sof = seg(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
const dht = seg(0xc4, [0, ...Array(16).fill(0)]);
const jpeg = new Uint8Array([
  0xff,
  0xd8,
  ...app0,
  ...exif,
  ...dqt,
  ...xmp,
  ...sof,
  ...dht,
  ...sos,
  ...scan,
  0xff,
  0xd9,
]);
const has = (b: Uint8Array, s: string) => Buffer.from(b).includes(Buffer.from(s));

test("JPEG: every APPn segment (EXIF, XMP, JFIF) is removed, the tables, frame and scan kept byte for byte", () => {
  const out = stripJpegMetadata(jpeg);
  const expected = new Uint8Array([0xff, 0xd8, ...dqt, ...sof, ...dht, ...sos, ...scan, 0xff, 0xd9]);
  expect([...out]).toEqual([...expected]);
  expect(Buffer.from(out).includes(Buffer.from("GPSLatitude"))).toBe(false);
  expect(Buffer.from(jpeg).includes(Buffer.from("GPSLatitude"))).toBe(true);
});

test("JPEG without metadata passes unchanged; garbage is refused", () => {
  const clean = new Uint8Array([0xff, 0xd8, ...dqt, ...sof, ...dht, ...sos, ...scan, 0xff, 0xd9]);
  expect([...stripJpegMetadata(clean)]).toEqual([...clean]);
  expect(() => stripJpegMetadata(new Uint8Array([1, 2, 3, 4]))).toThrow(BadImage);
  expect(() => stripJpegMetadata(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x40, 0x00, 1]))).toThrow(BadImage);
});

test("PNG: eXIf and text chunks are dropped", () => {
  const chunk = (type: string, data: number[]) => {
    const len = data.length;
    return [(len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255, ...ascii(type), ...data, 0, 0, 0, 0];
  };
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const ihdr = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const ex = chunk("eXIf", ascii("MM\0*GPS"));
  const idat = chunk("IDAT", [1, 2, 3]);
  const iend = chunk("IEND", []);
  const png = new Uint8Array([...sig, ...ihdr, ...ex, ...idat, ...iend]);
  expect([...stripPngMetadata(png)]).toEqual([...sig, ...ihdr, ...idat, ...iend]);
});

test("JPEG: comments and everything after EOI (a second JPEG with its own GPS EXIF) are dropped", () => {
  const com = seg(0xfe, ascii("shot at 28.68N 115.89E"));
  const second = [0xff, 0xd8, ...seg(0xe1, [...ascii("Exif\0\0"), ...ascii("GPSLatitude 28.70N")]), ...sof, 0xff, 0xd9];
  const phone = new Uint8Array([
    0xff,
    0xd8,
    ...exif,
    ...com,
    ...dqt,
    ...sof,
    ...dht,
    ...sos,
    ...scan,
    0xff,
    0xd9,
    ...second,
  ]);
  expect(has(phone, "GPSLatitude 28.70N")).toBe(true);
  const out = stripJpegMetadata(phone);
  expect([...out]).toEqual([0xff, 0xd8, ...dqt, ...sof, ...dht, ...sos, ...scan, 0xff, 0xd9]);
  for (const s of ["GPS", "Exif", "28.68N"]) expect(has(out, s)).toBe(false);
  // A progressive file keeps each of its scans; a truncated one gets its EOI back.
  const prog = new Uint8Array([0xff, 0xd8, ...dqt, ...sof, ...dht, ...sos, 1, 2, ...dht, ...sos, 3, 4]);
  expect([...stripJpegMetadata(prog)]).toEqual([...prog, 0xff, 0xd9]);
});

const chunk = (type: string, data: number[]) => {
  const len = data.length;
  return [(len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255, ...ascii(type), ...data, 0, 0, 0, 0];
};
test("PNG: only IHDR, PLTE, tRNS, IDAT and IEND survive; text chunks and trailing data are dropped", () => {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const ihdr = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 3, 0, 0, 0]);
  const plte = chunk("PLTE", [1, 2, 3]);
  const trns = chunk("tRNS", [0]);
  const idat = chunk("IDAT", [1, 2, 3]);
  const iend = chunk("IEND", []);
  const png = new Uint8Array([
    ...sig,
    ...ihdr,
    ...chunk("iTXt", ascii("XML:com.adobe.xmp\0GPS")),
    ...chunk("zTXt", ascii("Comment\0GPS")),
    ...chunk("tIME", [7, 234, 12, 1, 0, 0, 0]),
    ...plte,
    ...trns,
    ...idat,
    ...iend,
    ...ascii("GPS trailing data"),
  ]);
  expect([...stripPngMetadata(png)]).toEqual([...sig, ...ihdr, ...plte, ...trns, ...idat, ...iend]);
});

test("WebP: VP8X loses its EXIF/XMP/ICC flags, EXIF and XMP chunks and trailing data are dropped", () => {
  const le = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  const wchunk = (type: string, data: number[]) => [
    ...ascii(type),
    ...le(data.length),
    ...data,
    ...(data.length & 1 ? [0] : []),
  ];
  const vp8x = (flags: number) => wchunk("VP8X", [flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const vp8l = wchunk("VP8L", [0x2f, 0, 0, 0, 0]);
  const riff = (body: number[]) => [...ascii("RIFF"), ...le(body.length + 4), ...ascii("WEBP"), ...body];
  const webp = new Uint8Array([
    ...riff([
      ...vp8x(0x2c),
      ...wchunk("ICCP", [1, 2]),
      ...vp8l,
      ...wchunk("EXIF", ascii("MM\0*GPS")),
      ...wchunk("XMP ", ascii("<gps/>")),
    ]),
    ...ascii("GPS after the RIFF"),
  ]);
  const out = stripWebpMetadata(webp);
  expect([...out]).toEqual(riff([...vp8x(0), ...vp8l]));
  expect(has(out, "GPS")).toBe(false);
  expect(stripMetadata(webp)!.mime).toBe("image/webp");
  expect(() => stripWebpMetadata(new Uint8Array(riff(wchunk("EXIF", [1, 2]))))).toThrow(BadImage);
});
