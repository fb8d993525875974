import type { SQLQueryBindings } from "bun:sqlite";
import { mulberry32 } from "../core/prng.ts";
/**
 * Map fixtures for tests, the benchmark and the e2e screenshot: a small county written
 * straight into the 0002 reference tables (regions, grids with GeoJSON + bbox,
 * categories, components + components_rtree via its triggers).
 * Until the `ref` branch's demo generator is merged, this is the only map data source.
 */
import type { Db } from "../core/db.ts";
import { importHistory } from "../cases/index.ts";

export const ORIGIN: [number, number] = [115.85, 28.68];
export const CELL = 0.005; // ~500 m grid cells

export type FixtureCounty = {
  townIds: number[];
  communityIds: number[];
  gridIds: number[];
  categoryIds: number[];
  bbox: [number, number, number, number];
};

/** cols × rows unit grids starting at ORIGIN; 2 towns (west/east halves), 2 communities each. */
export function seedCounty(db: Db, cols = 6, rows = 4): FixtureCounty {
  const now = new Date().toISOString();
  const ins = db.sqlite.query<{ id: number }, SQLQueryBindings[]>(
    "INSERT INTO regions (code, name, level, parent_id, geometry, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const poly = (x0: number, y0: number, x1: number, y1: number) =>
    JSON.stringify({
      type: "Polygon",
      coordinates: [
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ],
      ],
    });
  const [ox, oy] = ORIGIN;
  const county = ins.get("360111", "示范县", "county", null, null, now, now)!.id;
  const townIds: number[] = [];
  const communityIds: number[] = [];
  const half = Math.ceil(cols / 2);
  const townNames = ["城关街道", "新城街道"];
  for (let t = 0; t < 2; t++) {
    const x0 = ox + (t === 0 ? 0 : half) * CELL;
    const x1 = ox + (t === 0 ? half : cols) * CELL;
    townIds.push(
      ins.get(
        `360111${String(t + 1).padStart(3, "0")}`,
        townNames[t],
        "town",
        county,
        poly(x0, oy, x1, oy + rows * CELL),
        now,
        now,
      )!.id,
    );
    for (let m = 0; m < 2; m++) {
      const y0 = oy + (m === 0 ? 0 : Math.ceil(rows / 2)) * CELL;
      const y1 = oy + (m === 0 ? Math.ceil(rows / 2) : rows) * CELL;
      communityIds.push(
        ins.get(
          `360111${String(t + 1).padStart(3, "0")}${String(m + 1).padStart(3, "0")}`,
          `${townNames[t]!.slice(0, 2)}第${m + 1}社区`,
          "community",
          townIds[t],
          poly(x0, y0, x1, y1),
          now,
          now,
        )!.id,
      );
    }
  }
  const insGrid = db.sqlite.query<{ id: number }, SQLQueryBindings[]>(
    "INSERT INTO grids (code, name, community_id, town_id, geometry, min_lng, min_lat, max_lng, max_lat, area_m2, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const gridIds: number[] = [];
  const serial = new Map<number, number>();
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < rows; j++) {
      const t = i < half ? 0 : 1;
      const m = j < Math.ceil(rows / 2) ? 0 : 1;
      const comm = communityIds[t * 2 + m]!;
      const n = (serial.get(comm) ?? 0) + 1;
      serial.set(comm, n);
      const commCode = `360111${String(t + 1).padStart(3, "0")}${String(m + 1).padStart(3, "0")}`;
      const x0 = ox + i * CELL;
      const y0 = oy + j * CELL;
      gridIds.push(
        insGrid.get(
          `${commCode}${String(n).padStart(3, "0")}`,
          `网格${i}-${j}`,
          comm,
          townIds[t]!,
          poly(x0, y0, x0 + CELL, y0 + CELL),
          x0,
          y0,
          x0 + CELL,
          y0 + CELL,
          250000,
          now,
          now,
        )!.id,
      );
    }
  const insCat = db.sqlite.query<{ id: number }, SQLQueryBindings[]>(
    "INSERT INTO categories (edition, kind, big_code, big_name, small_code, small_name, code, updated_at) VALUES ('GB/T 47678.5-2026', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const categoryIds = [
    ["component", "01", "公用设施", "01", "上水井盖"],
    ["component", "01", "公用设施", "02", "污水井盖"],
    ["component", "02", "道路交通", "01", "路灯"],
    ["event", "01", "市容环境", "01", "暴露垃圾"],
  ].map(([k, b, bn, s, sn]) => insCat.get(k!, b!, bn!, s!, sn!, `${b}${s}`, now)!.id);
  return { townIds, communityIds, gridIds, categoryIds, bbox: [ox, oy, ox + cols * CELL, oy + rows * CELL] };
}

/** A deterministic PRNG (mulberry32). */
export const rng = mulberry32;

/** Insert components at the given points (one transaction). Returns their ids. */
export function insertComponents(
  db: Db,
  categoryId: number,
  points: [number, number][],
  codePrefix = "360111010",
): number[] {
  const now = new Date().toISOString();
  const q = db.sqlite.query<{ id: number }, SQLQueryBindings[]>(
    "INSERT INTO components (code, category_id, name, lng, lat, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const ids: number[] = [];
  db.sqlite.transaction(() => {
    const base = db.sqlite.query<{ m: number }, []>("SELECT coalesce(max(id), 0) AS m FROM components").get()!.m;
    points.forEach(([lng, lat], i) => {
      const status = (i + 1) % 17 === 0 ? "damaged" : "normal";
      ids.push(
        q.get(
          `${codePrefix}${String(base + i + 1).padStart(7, "0")}`,
          categoryId,
          `部件${base + i + 1}`,
          lng,
          lat,
          status,
          now,
          now,
        )!.id,
      );
    });
  })();
  return ids;
}

/** n random components inside bbox. */
export function randomComponents(
  db: Db,
  categoryIds: number[],
  n: number,
  bbox: [number, number, number, number],
  seed = 7,
): void {
  const r = rng(seed);
  const chunk = 50_000;
  for (let done = 0; done < n; done += chunk) {
    const pts: [number, number][] = [];
    for (let i = 0; i < Math.min(chunk, n - done); i++)
      pts.push([bbox[0] + r() * (bbox[2] - bbox[0]), bbox[1] + r() * (bbox[3] - bbox[1])]);
    insertComponents(db, categoryIds[(done / chunk) % categoryIds.length]!, pts);
  }
}

/** A row in the real cases table with just what the map reads (tests only). */
export function insertCase(
  db: Db,
  c: {
    no: string;
    lng: number;
    lat: number;
    state: string;
    due_at?: string | null;
    category_id?: number | null;
    created_at: string;
  },
) {
  importHistory(db).addCase({
    no: c.no,
    source: "inspector",
    state: c.state,
    category_id: c.category_id ?? null,
    description: "测试案件",
    lng: c.lng,
    lat: c.lat,
    due_at: c.due_at ?? null,
    created_at: c.created_at,
  });
}
