/**
 * A small Mapbox Vector Tile (MVT 2.1) encoder and decoder, and Web-Mercator tile math.
 *
 * Written in-house (no dependency): protobuf varints, zigzag geometry commands,
 * layers with shared keys/values tables. The decoder exists for tests and tools.
 * Pure module: no I/O.
 */

export const EXTENT = 4096;

// ---------- tile math (Web Mercator, XYZ scheme) ----------

/** Fractional tile coordinates of a point at zoom z. */
export function lngLatToTileXY(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = ((lng + 180) / 360) * n;
  const r = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
  return [x, y];
}

/** Longitude/latitude of a (fractional) tile corner. */
export function tileXYToLngLat(x: number, y: number, z: number): [number, number] {
  const n = 2 ** z;
  const lng = (x / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lng, lat];
}

/** Tile bounds [minLng, minLat, maxLng, maxLat], optionally grown by `buffer` extent units on each side. */
export function tileBounds(z: number, x: number, y: number, buffer = 0): [number, number, number, number] {
  const b = buffer / EXTENT;
  const [minLng, maxLat] = tileXYToLngLat(x - b, y - b, z);
  const [maxLng, minLat] = tileXYToLngLat(x + 1 + b, y + 1 + b, z);
  return [minLng, minLat, maxLng, maxLat];
}

/** Point → integer tile-local coordinates (0..EXTENT inside the tile). */
export function project(lng: number, lat: number, z: number, x: number, y: number, extent = EXTENT): [number, number] {
  const [fx, fy] = lngLatToTileXY(lng, lat, z);
  return [Math.round((fx - x) * extent), Math.round((fy - y) * extent)];
}

export function validTile(z: number, x: number, y: number): boolean {
  return (
    Number.isInteger(z) &&
    Number.isInteger(x) &&
    Number.isInteger(y) &&
    z >= 0 &&
    z <= 24 &&
    x >= 0 &&
    y >= 0 &&
    x < 2 ** z &&
    y < 2 ** z
  );
}

// ---------- encoder ----------

export type PropValue = string | number | boolean;
export type Geometry =
  | { type: "Point"; points: [number, number][] }
  | { type: "LineString"; lines: [number, number][][] }
  /** Rings in tile coordinates; first ring of each polygon is the outer one. Winding is fixed by the encoder. */
  | { type: "Polygon"; rings: [number, number][][] };
export type Feature = { id?: number; geometry: Geometry; properties: Record<string, PropValue | null | undefined> };
export type Layer = { name: string; extent?: number; features: Feature[] };

class Writer {
  buf = new Uint8Array(256);
  pos = 0;
  private ensure(n: number) {
    if (this.pos + n <= this.buf.length) return;
    let len = this.buf.length * 2;
    while (len < this.pos + n) len *= 2;
    const b = new Uint8Array(len);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }
  varint(v: number) {
    this.ensure(10);
    if (v < 0) throw new Error("varint: negative");
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }
  tag(field: number, wire: number) {
    this.varint((field << 3) | wire);
  }
  bytes(b: Uint8Array) {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  string(field: number, s: string) {
    this.tag(field, 2);
    this.bytes(new TextEncoder().encode(s));
  }
  double(field: number, v: number) {
    this.tag(field, 1);
    this.ensure(8);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  packed(field: number, values: number[]) {
    if (!values.length) return;
    const w = new Writer();
    for (const v of values) w.varint(v);
    this.tag(field, 2);
    this.bytes(w.finish());
  }
  message(field: number, w: Writer) {
    this.tag(field, 2);
    this.bytes(w.finish());
  }
  finish() {
    return this.buf.subarray(0, this.pos);
  }
}

const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const command = (id: number, count: number) => (id & 0x7) | (count << 3);

/** Signed area by the surveyor's formula in tile space (y down): positive = exterior per the MVT spec. */
function ringArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return s / 2;
}

function encodeGeometry(g: Geometry): { type: number; cmds: number[] } {
  const cmds: number[] = [];
  let cx = 0;
  let cy = 0;
  const moveTo = (pts: [number, number][], op: number) => {
    cmds.push(command(op, pts.length));
    for (const [x, y] of pts) {
      cmds.push(zigzag(x - cx), zigzag(y - cy));
      cx = x;
      cy = y;
    }
  };
  if (g.type === "Point") {
    if (g.points.length) moveTo(g.points, 1);
    return { type: 1, cmds };
  }
  if (g.type === "LineString") {
    for (const line of g.lines) {
      if (line.length < 2) continue;
      moveTo([line[0]!], 1);
      moveTo(line.slice(1), 2);
    }
    return { type: 2, cmds };
  }
  let outer = true;
  for (let ring of g.rings) {
    if (ring.length && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1])
      ring = ring.slice(0, -1);
    if (ring.length < 3) continue;
    const a = ringArea(ring);
    if (a === 0) continue;
    if (a > 0 !== outer) ring = ring.slice().reverse();
    moveTo([ring[0]!], 1);
    moveTo(ring.slice(1), 2);
    cmds.push(command(7, 1));
    outer = false;
  }
  return { type: 3, cmds };
}

function encodeLayer(layer: Layer): Writer {
  const w = new Writer();
  w.tag(15, 0);
  w.varint(2);
  w.string(1, layer.name);
  const keys = new Map<string, number>();
  const values = new Map<string, number>();
  const valueList: PropValue[] = [];
  for (const f of layer.features) {
    const { type, cmds } = encodeGeometry(f.geometry);
    if (!cmds.length) continue;
    const tags: number[] = [];
    for (const [k, v] of Object.entries(f.properties)) {
      if (v === null || v === undefined) continue;
      let ki = keys.get(k);
      if (ki === undefined) keys.set(k, (ki = keys.size));
      const vk = `${typeof v}:${v}`;
      let vi = values.get(vk);
      if (vi === undefined) {
        values.set(vk, (vi = valueList.length));
        valueList.push(v);
      }
      tags.push(ki, vi);
    }
    const fw = new Writer();
    if (f.id !== undefined && f.id >= 0) {
      fw.tag(1, 0);
      fw.varint(f.id);
    }
    fw.packed(2, tags);
    fw.tag(3, 0);
    fw.varint(type);
    fw.packed(4, cmds);
    w.message(2, fw);
  }
  for (const k of keys.keys()) w.string(3, k);
  for (const v of valueList) {
    const vw = new Writer();
    if (typeof v === "string") vw.string(1, v);
    else if (typeof v === "boolean") {
      vw.tag(7, 0);
      vw.varint(v ? 1 : 0);
    } else if (Number.isInteger(v) && Math.abs(v) < 2 ** 52) {
      vw.tag(6, 0); // sint64, zigzag without 32-bit overflow
      vw.varint(v >= 0 ? v * 2 : -v * 2 - 1);
    } else vw.double(3, v);
    w.message(4, vw);
  }
  w.tag(5, 0);
  w.varint(layer.extent ?? EXTENT);
  return w;
}

/** Encode layers into one tile. Empty layers are kept out. */
export function encodeTile(layers: Layer[]): Uint8Array {
  const w = new Writer();
  for (const l of layers) if (l.features.length) w.message(3, encodeLayer(l));
  return w.finish().slice();
}

// ---------- decoder (tests, tools) ----------

export type DecodedFeature = {
  id?: number;
  type: number;
  properties: Record<string, PropValue>;
  geometry: [number, number][][];
};
export type DecodedLayer = { name: string; version: number; extent: number; features: DecodedFeature[] };

class Reader {
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly end = buf.length,
  ) {}
  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
    }
  }
  sub(): Reader {
    const len = this.varint();
    const r = new Reader(this.buf, this.pos + len);
    r.pos = this.pos;
    this.pos += len;
    return r;
  }
  string(): string {
    const r = this.sub();
    return new TextDecoder().decode(this.buf.subarray(r.pos, r.end));
  }
  packed(): number[] {
    const r = this.sub();
    const out: number[] = [];
    while (r.pos < r.end) out.push(r.varint());
    return out;
  }
  skip(wire: number) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.pos += this.varint();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`bad wire type ${wire}`);
  }
}

const unzigzag = (n: number) => (n >>> 1) ^ -(n & 1);

function decodeGeometry(cmds: number[]): [number, number][][] {
  const parts: [number, number][][] = [];
  let x = 0;
  let y = 0;
  let cur: [number, number][] | null = null;
  for (let i = 0; i < cmds.length; ) {
    const c = cmds[i++]!;
    const id = c & 7;
    const count = c >>> 3;
    if (id === 7) {
      if (cur?.length) cur.push(cur[0]!);
      continue;
    }
    for (let k = 0; k < count; k++) {
      x += unzigzag(cmds[i++]!);
      y += unzigzag(cmds[i++]!);
      if (id === 1) parts.push((cur = []));
      cur!.push([x, y]);
    }
  }
  return parts;
}

export function decodeTile(buf: Uint8Array): Record<string, DecodedLayer> {
  const out: Record<string, DecodedLayer> = {};
  const r = new Reader(buf);
  while (r.pos < r.end) {
    const t = r.varint();
    if (t >> 3 !== 3) {
      r.skip(t & 7);
      continue;
    }
    const lr = r.sub();
    const layer: DecodedLayer = { name: "", version: 1, extent: EXTENT, features: [] };
    const keys: string[] = [];
    const values: PropValue[] = [];
    const raw: { id?: number; type: number; tags: number[]; cmds: number[] }[] = [];
    while (lr.pos < lr.end) {
      const lt = lr.varint();
      const f = lt >> 3;
      if (f === 15) layer.version = lr.varint();
      else if (f === 1) layer.name = lr.string();
      else if (f === 5) layer.extent = lr.varint();
      else if (f === 3) keys.push(lr.string());
      else if (f === 4) {
        const vr = lr.sub();
        let v: PropValue = "";
        while (vr.pos < vr.end) {
          const vt = vr.varint();
          const vf = vt >> 3;
          if (vf === 1) v = vr.string();
          else if (vf === 3) {
            v = new DataView(vr.buf.buffer, vr.buf.byteOffset).getFloat64(vr.pos, true);
            vr.pos += 8;
          } else if (vf === 2) {
            v = new DataView(vr.buf.buffer, vr.buf.byteOffset).getFloat32(vr.pos, true);
            vr.pos += 4;
          } else if (vf === 6) {
            const n = vr.varint();
            v = n % 2 === 0 ? n / 2 : -(n + 1) / 2;
          } else if (vf === 4 || vf === 5) v = vr.varint();
          else if (vf === 7) v = vr.varint() === 1;
          else vr.skip(vt & 7);
        }
        values.push(v);
      } else if (f === 2) {
        const fr = lr.sub();
        const feat: { id?: number; type: number; tags: number[]; cmds: number[] } = { type: 0, tags: [], cmds: [] };
        while (fr.pos < fr.end) {
          const ft = fr.varint();
          const ff = ft >> 3;
          if (ff === 1) feat.id = fr.varint();
          else if (ff === 2) feat.tags = fr.packed();
          else if (ff === 3) feat.type = fr.varint();
          else if (ff === 4) feat.cmds = fr.packed();
          else fr.skip(ft & 7);
        }
        raw.push(feat);
      } else lr.skip(lt & 7);
    }
    for (const f of raw) {
      const properties: Record<string, PropValue> = {};
      for (let i = 0; i < f.tags.length; i += 2) properties[keys[f.tags[i]!]!] = values[f.tags[i + 1]!]!;
      layer.features.push({ id: f.id, type: f.type, properties, geometry: decodeGeometry(f.cmds) });
    }
    out[layer.name] = layer;
  }
  return out;
}
