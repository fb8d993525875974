import { test, expect } from "bun:test";
import { stripJpegMetadata, stripPngMetadata, BadImage } from "./exif.ts";

const seg = (marker: number, payload: number[]) => [
  0xff,
  marker,
  ((payload.length + 2) >> 8) & 0xff,
  (payload.length + 2) & 0xff,
  ...payload,
];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

// A tiny synthetic JPEG: SOI, APP0 (JFIF), APP1 (Exif with a GPS-like string), DQT, APP1 (XMP), SOS + data, EOI.
const app0 = seg(0xe0, [...ascii("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const exif = seg(0xe1, [...ascii("Exif\0\0"), ...ascii("GPSLatitude 28.68N GPSLongitude 115.89E")]);
const dqt = seg(0xdb, [0, ...Array(64).fill(1)]);
const xmp = seg(0xe1, ascii("http://ns.adobe.com/xap/1.0/\0<x:gps/>"));
const sos = seg(0xda, [1, 1, 0, 0, 0x3f, 0]);
const scan = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]; // stuffed byte and a restart marker inside the scan
const jpeg = new Uint8Array([0xff, 0xd8, ...app0, ...exif, ...dqt, ...xmp, ...sos, ...scan, 0xff, 0xd9]);

test("JPEG: APP1 segments (EXIF and XMP) are removed, everything else kept byte for byte", () => {
  const out = stripJpegMetadata(jpeg);
  const expected = new Uint8Array([0xff, 0xd8, ...app0, ...dqt, ...sos, ...scan, 0xff, 0xd9]);
  expect([...out]).toEqual([...expected]);
  expect(out.length).toBe(jpeg.length - exif.length - xmp.length);
  expect(Buffer.from(out).includes(Buffer.from("GPSLatitude"))).toBe(false);
  expect(Buffer.from(jpeg).includes(Buffer.from("GPSLatitude"))).toBe(true);
});

test("JPEG without metadata passes unchanged; garbage is refused", () => {
  const clean = new Uint8Array([0xff, 0xd8, ...app0, ...dqt, ...sos, ...scan, 0xff, 0xd9]);
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
