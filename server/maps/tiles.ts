/**
 * Component vector tiles (MVT) generated from SQLite through the components_rtree
 * spatial index, with an in-memory LRU and an on-disk cache under DATA_DIR/tiles.
 *
 * Invalidation: every write to `components` bumps map_layer_versions('components')
 * (migration 0040 triggers). Cached tiles are keyed by that version, so a change makes
 * every older tile unreachable; stale disk folders are removed lazily.
 *
 * At zoom < CLUSTER_BELOW the tile carries clusters (one point per ~CELL px cell with
 * `count`), at higher zoom one point per component.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { SQLQueryBindings, Statement } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { EXTENT, encodeTile, lngLatToTileXY, tileBounds, validTile, type Feature } from "./mvt.ts";

/** Below this zoom component tiles are clustered. */
export const CLUSTER_BELOW = 14;
/** Tile buffer in extent units: points this close outside the tile are also included (no clipped symbols). */
export const BUFFER = 64;
/** Cluster cell size in extent units (4096/128 = 32 cells across). */
const CELL = 128;

export function layerVersion(db: Db, layer: string): number {
  const r = db.sqlite
    .query<{ version: number }, SQLQueryBindings[]>("SELECT version FROM map_layer_versions WHERE layer = ?")
    .get(layer);
  return r?.version ?? 0;
}

type Row = { id: number; lng: number; lat: number; status: string; category_id: number };

class Lru {
  private m = new Map<string, Uint8Array>();
  bytes = 0;
  constructor(private maxBytes: number) {}
  get(k: string) {
    const v = this.m.get(k);
    if (v) {
      this.m.delete(k);
      this.m.set(k, v);
    }
    return v;
  }
  set(k: string, v: Uint8Array) {
    const old = this.m.get(k);
    if (old) {
      this.bytes -= old.length;
      this.m.delete(k);
    }
    this.m.set(k, v);
    this.bytes += v.length;
    while (this.bytes > this.maxBytes && this.m.size > 1) {
      const first = this.m.keys().next().value!;
      this.bytes -= this.m.get(first)!.length;
      this.m.delete(first);
    }
  }
  clear() {
    this.m.clear();
    this.bytes = 0;
  }
  get size() {
    return this.m.size;
  }
}

export type TileSource = "memory" | "disk" | "built";

export class ComponentTiles {
  private lru: Lru;
  private stmt: Statement<Row, number[]> | null = null;
  private verStmt: Statement<{ version: number }, []> | null = null;
  private lastVersion = -1;
  readonly dir: string | null;

  constructor(
    private db: Db,
    opts: { cacheDir?: string | null; maxMemoryBytes?: number } = {},
  ) {
    this.lru = new Lru(opts.maxMemoryBytes ?? 64 * 1024 * 1024);
    this.dir = opts.cacheDir ?? null;
  }

  version(): number {
    this.verStmt ??= this.db.sqlite.query<{ version: number }, []>(
      "SELECT version FROM map_layer_versions WHERE layer = 'components'",
    );
    const v = this.verStmt.get()?.version ?? 0;
    if (v !== this.lastVersion) {
      if (this.lastVersion !== -1) this.onVersionChange(v);
      this.lastVersion = v;
    }
    return v;
  }

  private onVersionChange(v: number) {
    this.lru.clear();
    if (!this.dir || !existsSync(this.dir)) return;
    for (const d of readdirSync(this.dir))
      if (d !== `v${v}`) rmSync(join(this.dir, d), { recursive: true, force: true });
  }

  /** The tile for z/x/y (MVT bytes, possibly empty) and where it came from. */
  get(z: number, x: number, y: number): { data: Uint8Array; version: number; source: TileSource } {
    if (!validTile(z, x, y)) throw new RangeError("bad tile");
    const version = this.version();
    const key = `${version}/${z}/${x}/${y}`;
    const hit = this.lru.get(key);
    if (hit) return { data: hit, version, source: "memory" };
    const file = this.dir ? join(this.dir, `v${version}`, String(z), String(x), `${y}.mvt`) : null;
    if (file && existsSync(file)) {
      const data = new Uint8Array(readFileSync(file));
      this.lru.set(key, data);
      return { data, version, source: "disk" };
    }
    const data = this.build(z, x, y);
    this.lru.set(key, data);
    if (file) {
      try {
        mkdirSync(join(file, ".."), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, data);
        renameSync(tmp, file);
      } catch (e) {
        console.error("tile cache write failed:", (e as Error).message);
      }
    }
    return { data, version, source: "built" };
  }

  /** Drop every cached tile (memory and disk). */
  clear() {
    this.lru.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  get memoryStats() {
    return { tiles: this.lru.size, bytes: this.lru.bytes };
  }

  private rows(minLng: number, minLat: number, maxLng: number, maxLat: number): Row[] {
    // R*Tree boxes are float32 (rounded outwards), so ask for overlap; the exact position comes
    // from the auxiliary columns and the caller clips to the tile in pixels.
    this.stmt ??= this.db.sqlite.query<Row, number[]>(
      `SELECT id, lng, lat, status, category_id FROM component_points
        WHERE max_lng >= ? AND min_lng <= ? AND max_lat >= ? AND min_lat <= ?`,
    );
    return this.stmt.all(minLng, maxLng, minLat, maxLat);
  }

  private cats: { at: number; map: Map<number, string> } | null = null;
  private categoryCodes(): Map<number, string> {
    if (!this.cats || Date.now() - this.cats.at > 60_000) {
      const rows = this.db.sqlite.query<{ id: number; code: string }, []>("SELECT id, code FROM categories").all();
      this.cats = { at: Date.now(), map: new Map(rows.map((r) => [r.id, r.code])) };
    }
    return this.cats.map;
  }

  /** Build a tile from the database (no cache). */
  build(z: number, x: number, y: number): Uint8Array {
    const [minLng, minLat, maxLng, maxLat] = tileBounds(z, x, y, BUFFER);
    const rows = this.rows(minLng, minLat, maxLng, maxLat);
    const n = 2 ** z;
    const features: Feature[] = [];
    const lo = -BUFFER;
    const hi = EXTENT + BUFFER;
    if (z >= CLUSTER_BELOW) {
      const cats = this.categoryCodes();
      for (const r of rows) {
        const px = Math.round((((r.lng + 180) / 360) * n - x) * EXTENT);
        const py = Math.round((mercY(r.lat) * n - y) * EXTENT);
        if (px < lo || px > hi || py < lo || py > hi) continue;
        features.push({
          id: r.id,
          geometry: { type: "Point", points: [[px, py]] },
          // Kept small (1M components): details come from GET /api/maps/components/:id on click.
          properties: { status: r.status, cat: cats.get(r.category_id) ?? "" },
        });
      }
    } else {
      // Clusters: cells aligned to the tile so neighbouring tiles never double-count.
      const cells = new Map<number, { n: number; sx: number; sy: number; id: number }>();
      const across = EXTENT / CELL;
      for (const r of rows) {
        const fx = (((r.lng + 180) / 360) * n - x) * EXTENT;
        const fy = (mercY(r.lat) * n - y) * EXTENT;
        if (fx < 0 || fx >= EXTENT || fy < 0 || fy >= EXTENT) continue;
        const key = Math.floor(fy / CELL) * across + Math.floor(fx / CELL);
        const c = cells.get(key);
        if (c) {
          c.n++;
          c.sx += fx;
          c.sy += fy;
        } else cells.set(key, { n: 1, sx: fx, sy: fy, id: r.id });
      }
      for (const c of cells.values()) {
        features.push({
          id: c.n === 1 ? c.id : undefined,
          geometry: { type: "Point", points: [[Math.round(c.sx / c.n), Math.round(c.sy / c.n)]] },
          properties: { count: c.n, cluster: c.n > 1 },
        });
      }
    }
    return encodeTile([{ name: "components", features }]);
  }
}

function mercY(lat: number): number {
  const r = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
}

export { lngLatToTileXY };
