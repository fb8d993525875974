// Import unit grids from a GeoJSON FeatureCollection (Polygon/MultiPolygon, WGS-84/CGCS2000).
// Each feature needs properties.code (15 digits: community code 12 + serial 3). Towns and
// communities are created from the code when missing (names from town_name/community_name).
// Invalid features are rejected with their 1-based feature number and reason; good ones are kept.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { getSetting } from "../../core/settings.ts";
import { Validation } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { validatePolygon } from "../spatial.ts";
import { invalidateGrids } from "../lookup.ts";
import { toWgs84, type Crs } from "../../core/coords.ts";

export type GridImportResult = {
  batchId: number;
  created: number;
  updated: number;
  rejected: { feature: number; code: string; reason: string }[];
};

function bbox(geom: { type: string; coordinates: any }) {
  let a = Infinity,
    b = Infinity,
    c = -Infinity,
    d = -Infinity;
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  for (const p of polys)
    for (const ring of p)
      for (const [x, y] of ring) {
        if (x < a) a = x;
        if (x > c) c = x;
        if (y < b) b = y;
        if (y > d) d = y;
      }
  return [a, b, c, d] as const;
}

function areaM2(geom: { type: string; coordinates: any }) {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  let sum = 0;
  for (const p of polys)
    p.forEach((ring: number[][], i: number) => {
      const lat0 = (ring[0]![1]! * Math.PI) / 180;
      const kx = 111320 * Math.cos(lat0),
        ky = 110574;
      let s = 0;
      for (let k = 0; k + 1 < ring.length; k++)
        s += ring[k]![0]! * kx * ring[k + 1]![1]! * ky - ring[k + 1]![0]! * kx * ring[k]![1]! * ky;
      sum += (i === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  return Math.round(sum);
}

export function importGrids(
  db: Db,
  actor: Actor,
  input: { fileName: string; text: string; crs?: Crs },
): GridImportResult {
  let doc: any;
  try {
    doc = JSON.parse(input.text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw Validation("grids.json", `不是有效的 JSON：${(e as Error).message}`);
  }
  if (doc?.type !== "FeatureCollection" || !Array.isArray(doc.features))
    throw Validation("grids.geojson", "文件须为 GeoJSON FeatureCollection");
  const county = getSetting(db, "county.code");
  const crs = input.crs ?? "wgs84";
  const rejected: GridImportResult["rejected"] = [];
  let created = 0,
    updated = 0;
  const s = db.sqlite;
  return tx(db, () => {
    const now = nowIso();
    const regionByCode = s.prepare<{ id: number; name: string }, [string]>(
      "SELECT id, name FROM regions WHERE code = ?",
    );
    const insRegion = s.prepare<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO regions (code, name, level, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    );
    const gridByCode = s.prepare<{ id: number }, [string]>("SELECT id FROM grids WHERE code = ?");
    const ins = s.prepare(
      "INSERT INTO grids (code, name, community_id, town_id, geometry, min_lng, min_lat, max_lng, max_lat, area_m2, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const upd = s.prepare(
      "UPDATE grids SET name = ?, community_id = ?, town_id = ?, geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?, area_m2 = ?, updated_at = ? WHERE id = ?",
    );
    const region = (code: string, name: string, level: "county" | "town" | "community", parent: number | null) => {
      const r = regionByCode.get(code);
      return r?.id ?? insRegion.get(code, name, level, parent, now, now)!.id;
    };
    const seen = new Set<string>();
    doc.features.forEach((f: any, i: number) => {
      const n = i + 1;
      const p = f?.properties ?? {};
      const code = String(p.code ?? p.编码 ?? p.网格编码 ?? "").trim();
      const bad = (reason: string) => rejected.push({ feature: n, code, reason });
      if (!/^\d{15}$/.test(code)) return bad("网格编码须为 15 位数字（社区代码 12 位 + 网格序号 3 位）");
      if (!code.startsWith(county)) return bad(`网格编码须以本县行政区划代码 ${county} 开头`);
      if (seen.has(code)) return bad("文件内网格编码重复");
      let geom = f?.geometry;
      const issue = validatePolygon(geom);
      if (issue) return bad(`几何无效：${issue.reason}`);
      if (crs !== "wgs84" && crs !== "cgcs2000") {
        const conv = (ring: number[][]) => ring.map(([x, y]) => toWgs84(x!, y!, crs));
        geom =
          geom.type === "Polygon"
            ? { type: "Polygon", coordinates: geom.coordinates.map(conv) }
            : { type: "MultiPolygon", coordinates: geom.coordinates.map((pp: number[][][]) => pp.map(conv)) };
      }
      const [a, b, c, d] = bbox(geom);
      if (a < 73 || c > 136 || b < 3 || d > 54)
        return bad("坐标不在中国范围内：请确认为经纬度（WGS-84/CGCS2000），而非投影坐标");
      seen.add(code);
      const countyId = region(county, getSetting(db, "county.name"), "county", null);
      const townId = region(
        code.slice(0, 9),
        String(p.town_name ?? p.街道 ?? `街道${code.slice(6, 9)}`),
        "town",
        countyId,
      );
      const commId = region(
        code.slice(0, 12),
        String(p.community_name ?? p.社区 ?? `社区${code.slice(9, 12)}`),
        "community",
        townId,
      );
      const geomText = JSON.stringify({ type: geom.type, coordinates: geom.coordinates });
      const name = p.name != null ? String(p.name) : null;
      const ex = gridByCode.get(code);
      if (ex) {
        upd.run(name, commId, townId, geomText, a, b, c, d, areaM2(geom), now, ex.id);
        updated++;
      } else {
        ins.run(code, name, commId, townId, geomText, a, b, c, d, areaM2(geom), now, now);
        created++;
      }
    });
    const { id: batchId } = s
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO import_batches (kind, file_name, status, total, imported, rejected, report, started_at, finished_at, user_id) VALUES ('grids', ?, 'done', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      )
      .get(
        input.fileName,
        doc.features.length,
        created + updated,
        rejected.length,
        JSON.stringify(rejected.map((r) => ({ row: r.feature, code: r.code, reason: r.reason }))),
        now,
        now,
        actor.kind === "user" ? actor.userId : null,
      )!;
    audit(db, actor, "grids", batchId, "import", null, {
      file: input.fileName,
      created,
      updated,
      rejected: rejected.length,
    });
    invalidateGrids(db);
    return { batchId, created, updated, rejected };
  });
}

/** All grids as a GeoJSON FeatureCollection with their codes and region names. */
export function exportGrids(db: Db): { type: "FeatureCollection"; features: unknown[] } {
  const rows = db.sqlite
    .query<
      {
        code: string;
        name: string | null;
        geometry: string;
        area_m2: number | null;
        town_code: string;
        town_name: string;
        community_code: string;
        community_name: string;
      },
      []
    >(`SELECT g.code, g.name, g.geometry, g.area_m2, t.code AS town_code, t.name AS town_name, cm.code AS community_code, cm.name AS community_name
      FROM grids g JOIN regions t ON t.id = g.town_id JOIN regions cm ON cm.id = g.community_id ORDER BY g.code`)
    .all();
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({
      type: "Feature",
      geometry: JSON.parse(r.geometry),
      properties: {
        code: r.code,
        name: r.name,
        town_code: r.town_code,
        town_name: r.town_name,
        community_code: r.community_code,
        community_name: r.community_name,
        area_m2: r.area_m2,
      },
    })),
  };
}
