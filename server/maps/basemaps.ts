/**
 * PMTiles basemaps: files in DATA_DIR/maps/*.pmtiles, served with HTTP Range (206).
 * The client reads them with the `pmtiles` library (protocol pmtiles://).
 */
import { existsSync, readdirSync, statSync, openSync, readSync, closeSync } from "node:fs";
import { join } from "node:path";

export const BASEMAP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.pmtiles$/;

export type Basemap = {
  name: string;
  bytes: number;
  tileType: "mvt" | "png" | "jpeg" | "webp" | "avif" | "unknown";
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number] | null;
};

export function basemapDir(dataDir: string) {
  return join(dataDir, "maps");
}

const TILE_TYPES = ["unknown", "mvt", "png", "jpeg", "webp", "avif"] as const;

/** Read the 127-byte PMTiles v3 header: tile type, zoom range, bounds. Null when not a PMTiles v3 file. */
export function readHeader(path: string): Omit<Basemap, "name" | "bytes"> | null {
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(127);
    if (readSync(fd, b, 0, 127, 0) < 127) return null;
    if (b.toString("latin1", 0, 7) !== "PMTiles" || b[7] !== 3) return null;
    const e7 = (o: number) => b.readInt32LE(o) / 1e7;
    return {
      tileType: TILE_TYPES[b[99]!] ?? "unknown",
      minZoom: b[100]!,
      maxZoom: b[101]!,
      bounds: [e7(102), e7(106), e7(110), e7(114)],
    };
  } finally {
    closeSync(fd);
  }
}

export function listBasemaps(dataDir: string): Basemap[] {
  const dir = basemapDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: Basemap[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!BASEMAP_NAME.test(name)) continue;
    const p = join(dir, name);
    const h = readHeader(p);
    if (h) out.push({ name, bytes: statSync(p).size, ...h });
  }
  return out;
}

/**
 * Serve a file honouring a single `Range: bytes=a-b` (also `a-` and `-n`): 206 with
 * content-range, 416 when unsatisfiable, 200 with the whole file without Range.
 */
export function rangeResponse(
  path: string,
  range: string | undefined,
  contentType = "application/octet-stream",
): Response {
  const file = Bun.file(path);
  const size = file.size;
  const base = { "accept-ranges": "bytes", "content-type": contentType, "cache-control": "no-cache" };
  if (!range) return new Response(file, { headers: { ...base, "content-length": String(size) } });
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start: number;
  let end: number;
  if (!m || (m[1] === "" && m[2] === ""))
    return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${size}` } });
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start)
    return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${size}` } });
  return new Response(file.slice(start, end + 1), {
    status: 206,
    headers: { ...base, "content-range": `bytes ${start}-${end}/${size}`, "content-length": String(end - start + 1) },
  });
}
