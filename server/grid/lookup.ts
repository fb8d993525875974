// The grid module's public surface: point-in-grid lookup over the unit grids table.
// The spatial index (server/grid/spatial.ts) is built lazily per database and cached;
// every writer of grids calls invalidateGrids(db) (inside tx it runs after commit).
import type { Db } from "../core/db.ts";
import { onCommit } from "../core/db.ts";
import { buildGridIndex, type GridIndex } from "./spatial.ts";

export type GridHit = {
  gridId: number;
  gridCode: string;
  communityId: number;
  townId: number;
  townName: string;
  communityName: string;
};

type Cached = { index: GridIndex; info: Map<number, GridHit> };
const cache = new WeakMap<Db, Cached>();

function build(db: Db): Cached {
  const rows = db.sqlite
    .query<
      {
        id: number;
        code: string;
        geometry: string;
        community_id: number;
        town_id: number;
        town_name: string;
        community_name: string;
      },
      []
    >(
      `SELECT g.id, g.code, g.geometry, g.community_id, g.town_id, t.name AS town_name, cm.name AS community_name
       FROM grids g JOIN regions t ON t.id = g.town_id JOIN regions cm ON cm.id = g.community_id`,
    )
    .all();
  const info = new Map<number, GridHit>();
  const input = rows.map((r) => {
    info.set(r.id, {
      gridId: r.id,
      gridCode: r.code,
      communityId: r.community_id,
      townId: r.town_id,
      townName: r.town_name,
      communityName: r.community_name,
    });
    return { id: r.id, polygon: JSON.parse(r.geometry) };
  });
  // Geometry was validated on import; skip re-validation for speed.
  return { index: buildGridIndex(input, { validate: false }), info };
}

/** The unit grid containing (lng, lat) in WGS-84, or null. A point on a shared edge belongs to the grid with the smallest id. */
export function lookupGrid(db: Db, lng: number, lat: number): GridHit | null {
  let c = cache.get(db);
  if (!c) cache.set(db, (c = build(db)));
  const id = c.index.lookup(lng, lat);
  return id == null ? null : (c.info.get(id as number) ?? null);
}

/** Drop the cached index; call after any change to grids or region names (after commit when in a transaction). */
export function invalidateGrids(db: Db) {
  onCommit(db, () => cache.delete(db));
  cache.delete(db);
}
