/**
 * Map reads: grid and town layers (GeoJSON), point location (grid, town, community,
 * nearest components), case layers, heat map, inspector tracks hook, extent.
 * All coordinates here are WGS-84/CGCS2000; callers convert input with toWgs84 first.
 */
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { lookupGrid } from "../grid/index.ts";
import { haversineMeters } from "../core/coords.ts";

export type FeatureCollection = { type: "FeatureCollection"; features: GeoFeature[] };
export type GeoFeature = {
  type: "Feature";
  id?: number;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
};
const fc = (features: GeoFeature[]): FeatureCollection => ({ type: "FeatureCollection", features });

/** Unit grids with code, name, town, community and the responsibility grids they belong to. */
export function gridsGeoJson(db: Db): FeatureCollection {
  const rows = db.sqlite
    .query<
      {
        id: number;
        code: string;
        name: string | null;
        geometry: string;
        town: string;
        community: string;
        resp: string | null;
      },
      SQLQueryBindings[]
    >(
      `SELECT g.id, g.code, g.name, g.geometry, t.name AS town, m.name AS community,
              (SELECT group_concat(r.code, ',') FROM resp_grid_units u JOIN resp_grids r ON r.id = u.resp_grid_id WHERE u.grid_id = g.id) AS resp
         FROM grids g JOIN regions t ON t.id = g.town_id JOIN regions m ON m.id = g.community_id
        ORDER BY g.id`,
    )
    .all();
  return fc(
    rows.map((r) => ({
      type: "Feature",
      id: r.id,
      geometry: JSON.parse(r.geometry),
      properties: { code: r.code, name: r.name ?? "", town: r.town, community: r.community, resp: r.resp ?? "" },
    })),
  );
}

/** Town (街道/乡镇) and community boundaries that have a geometry, plus a label point per grid-less town. */
export function regionsGeoJson(db: Db): FeatureCollection {
  const rows = db.sqlite
    .query<{ id: number; code: string; name: string; level: string; geometry: string }, SQLQueryBindings[]>(
      "SELECT id, code, name, level, geometry FROM regions WHERE geometry IS NOT NULL AND level IN ('town', 'community') ORDER BY id",
    )
    .all();
  return fc(
    rows.map((r) => ({
      type: "Feature",
      id: r.id,
      geometry: JSON.parse(r.geometry),
      properties: { code: r.code, name: r.name, level: r.level },
    })),
  );
}

/** Bounding box of everything the county has drawn: grids, else components, else null. */
type Extent = { a: number | null; b: number; c: number; d: number };

export function dataExtent(db: Db): [number, number, number, number] | null {
  const g = db.sqlite
    .query<Extent, []>("SELECT min(min_lng) a, min(min_lat) b, max(max_lng) c, max(max_lat) d FROM grids")
    .get();
  if (g?.a != null) return [g.a, g.b, g.c, g.d];
  const c = db.sqlite
    .query<Extent, []>("SELECT min(min_lng) a, min(min_lat) b, max(max_lng) c, max(max_lat) d FROM components_rtree")
    .get();
  if (c?.a != null) return [c.a, c.b, c.c, c.d];
  return null;
}

export type Located = {
  lng: number;
  lat: number;
  grid: { id: number; code: string; name: string | null } | null;
  town: { id: number; code: string; name: string } | null;
  community: { id: number; code: string; name: string } | null;
  components: {
    id: number;
    code: string;
    name: string | null;
    category: string;
    status: string;
    lng: number;
    lat: number;
    distanceM: number;
  }[];
};

type NearRow = {
  id: number;
  code: string;
  name: string | null;
  status: string;
  lng: number;
  lat: number;
  category: string | null;
};

/** Up to `limit` components nearest to the point, within maxMeters. Uses the R*Tree with a growing window. */
export function nearestComponents(db: Db, lng: number, lat: number, limit = 5, maxMeters = 300): Located["components"] {
  const q = db.sqlite.query<NearRow, number[]>(
    `SELECT c.id, c.code, c.name, c.status, c.lng, c.lat, k.small_name AS category
       FROM components_rtree r JOIN components c ON c.id = r.id LEFT JOIN categories k ON k.id = c.category_id
      WHERE r.min_lng >= ? AND r.max_lng <= ? AND r.min_lat >= ? AND r.max_lat <= ? AND c.status <> 'removed'`,
  );
  const degLat = maxMeters / 111_320;
  for (let d = Math.min(0.0005, degLat); ; d *= 2) {
    const dLng = d / Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
    const rows = q.all(lng - dLng, lng + dLng, lat - d, lat + d);
    // Only points within the inscribed circle of radius d are guaranteed to be the nearest.
    const radius = d * 111_320;
    const within = rows
      .map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        category: r.category ?? "",
        status: r.status,
        lng: r.lng,
        lat: r.lat,
        distanceM: Math.round(haversineMeters([lng, lat], [r.lng, r.lat]) * 10) / 10,
      }))
      .filter((r) => r.distanceM <= Math.min(radius, maxMeters))
      .sort((a, b) => a.distanceM - b.distanceM || a.id - b.id);
    if (within.length >= limit || d >= degLat) return within.slice(0, limit);
  }
}

/** Everything the report form needs to know about a WGS-84 point. */
export function locate(db: Db, lng: number, lat: number, limit = 5): Located {
  const g = lookupGrid(db, lng, lat);
  const region = (id: number) =>
    db.sqlite
      .query<
        {
          id: number;
          code: string;
          name: string;
        },
        SQLQueryBindings[]
      >("SELECT id, code, name FROM regions WHERE id = ?")
      .get(id);
  const name = g
    ? (db.sqlite.query<{ name: string | null }, SQLQueryBindings[]>("SELECT name FROM grids WHERE id = ?").get(g.gridId)
        ?.name ?? null)
    : null;
  return {
    lng,
    lat,
    grid: g ? { id: g.gridId, code: g.gridCode, name } : null,
    town: g ? region(g.townId) : null,
    community: g ? region(g.communityId) : null,
    components: nearestComponents(db, lng, lat, limit),
  };
}

// ---------- cases ----------

/** closed: the states that are no longer open, passed in by the cases module (maps knows no lifecycle). */
export type CaseFilter = {
  closed?: readonly string[];
  states?: string[];
  categoryId?: number;
  from?: string;
  to?: string;
  now?: string;
  /** Only the cases this user reports or checks (an inspector's own scope, as on /cases/:id). */
  ownerId?: number;
};

/** The owner restriction shared by the case layer and the heat map. */
function ownerWhere(f: CaseFilter, where: string[], args: (string | number)[]) {
  if (f.ownerId === undefined) return;
  where.push("(inspector_id = ? OR reported_by = ?)");
  args.push(f.ownerId, f.ownerId);
}

/** Open cases as GeoJSON points with number, state, overdue flag and category. */
export function openCasesGeoJson(db: Db, f: CaseFilter = {}): FeatureCollection {
  const now = f.now ?? new Date().toISOString();
  const closed = f.closed ?? [];
  const where = ["lng IS NOT NULL", "lat IS NOT NULL", `state NOT IN (${closed.map(() => "?").join(",")})`];
  const args: (string | number)[] = [...closed];
  if (f.states?.length) {
    where.push(`state IN (${f.states.map(() => "?").join(",")})`);
    args.push(...f.states);
  }
  if (f.categoryId) {
    where.push("category_id = ?");
    args.push(f.categoryId);
  }
  ownerWhere(f, where, args);
  const rows = db.sqlite
    .query<
      {
        id: number;
        code: string;
        lng: number;
        lat: number;
        state: string;
        due_at: string | null;
        category_id: number | null;
      },
      SQLQueryBindings[]
    >(`SELECT id, no AS code, lng, lat, state, due_at, category_id FROM cases WHERE ${where.join(" AND ")} LIMIT 20000`)
    .all(...args);
  return fc(
    rows.map((r) => ({
      type: "Feature",
      id: r.id,
      geometry: { type: "Point", coordinates: [r.lng, r.lat] },
      properties: {
        id: r.id,
        code: r.code,
        state: r.state,
        overdue: !!r.due_at && r.due_at < now,
        due_at: r.due_at ?? "",
        category_id: r.category_id ?? 0,
      },
    })),
  );
}

/** Case points for the heat map (热力图) of a category and period, plus the top hot spots (高发点位, ~100 m cells). */
export function caseHeat(
  db: Db,
  f: CaseFilter = {},
): { points: FeatureCollection; hotspots: { lng: number; lat: number; count: number }[] } {
  const where = ["lng IS NOT NULL", "lat IS NOT NULL"];
  const args: (string | number)[] = [];
  if (f.categoryId) {
    where.push("category_id = ?");
    args.push(f.categoryId);
  }
  if (f.from) where.push("created_at >= ?"), args.push(f.from);
  if (f.to) where.push("created_at < ?"), args.push(f.to);
  ownerWhere(f, where, args);
  const rows = db.sqlite
    .query<
      {
        lng: number;
        lat: number;
      },
      SQLQueryBindings[]
    >(`SELECT lng, lat FROM cases WHERE ${where.join(" AND ")} LIMIT 100000`)
    .all(...args);
  const cells = new Map<string, { n: number; sx: number; sy: number }>();
  for (const r of rows) {
    const k = `${Math.round(r.lng / 0.001)}:${Math.round(r.lat / 0.001)}`;
    const c = cells.get(k);
    if (c) c.n++, (c.sx += r.lng), (c.sy += r.lat);
    else cells.set(k, { n: 1, sx: r.lng, sy: r.lat });
  }
  const hotspots = [...cells.values()]
    .filter((c) => c.n >= 2)
    .sort((a, b) => b.n - a.n)
    .slice(0, 10)
    .map((c) => ({ lng: +(c.sx / c.n).toFixed(6), lat: +(c.sy / c.n).toFixed(6), count: c.n }));
  return {
    points: fc(
      rows.map((r) => ({ type: "Feature", geometry: { type: "Point", coordinates: [r.lng, r.lat] }, properties: {} })),
    ),
    hotspots,
  };
}

// ---------- inspector tracks (a later issue stores them) ----------

export type TrackSource = (db: Db, day: string) => FeatureCollection;
let trackSource: TrackSource = () => fc([]);
/** The tracks module calls this once at start-up with a function returning LineStrings (properties: user, name). */
export function setTrackSource(f: TrackSource) {
  trackSource = f;
}
/** The day's tracks; with `onlyUser`, that inspector's own (other inspectors' positions are for supervisors). */
export function tracksGeoJson(db: Db, day: string, onlyUser?: number): FeatureCollection {
  const all = trackSource(db, day);
  return onlyUser === undefined ? all : fc(all.features.filter((f) => f.properties?.user === onlyUser));
}

export function categoriesForFilter(db: Db) {
  return db.sqlite
    .query<
      {
        id: number;
        code: string;
        name: string;
        kind: string;
      },
      SQLQueryBindings[]
    >("SELECT id, code, small_name AS name, kind FROM categories WHERE active = 1 ORDER BY kind, code LIMIT 2000")
    .all();
}

/** One component for a map popup. */
export function componentCard(db: Db, id: number) {
  return db.sqlite
    .query<
      {
        id: number;
        code: string;
        name: string | null;
        status: string;
        lng: number;
        lat: number;
        address: string | null;
        category_code: string | null;
        category: string | null;
        grid: string | null;
      },
      SQLQueryBindings[]
    >(
      `SELECT c.id, c.code, c.name, c.status, c.lng, c.lat, c.address, k.code AS category_code, k.small_name AS category, g.code AS grid
         FROM components c LEFT JOIN categories k ON k.id = c.category_id LEFT JOIN grids g ON g.id = c.grid_id WHERE c.id = ?`,
    )
    .get(id);
}
