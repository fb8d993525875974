// Test fixtures: a town with one community and a row of square unit grids, inserted directly.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { invalidateGrids } from "./lookup.ts";

const T = "2026-01-01T00:00:00.000Z";

export function square(x: number, y: number, size: number) {
  return {
    type: "Polygon" as const,
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  };
}

/** Town 360121100 城关镇 → community 360121100001 幸福社区 → grids …001, …002 … of 0.001° side from (115.9, 28.7) eastwards. */
export function gridFixture(db: Db, n = 2, opts: { townCode?: string; townName?: string; x0?: number } = {}) {
  const s = db.sqlite;
  const townCode = opts.townCode ?? "360121100";
  const reg = s.prepare<{ id: number }, SQLQueryBindings[]>(
    "INSERT INTO regions (code, name, level, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const town = reg.get(townCode, opts.townName ?? "城关镇", "town", null, T, T)!.id;
  const community = reg.get(townCode + "001", "幸福社区", "community", town, T, T)!.id;
  const grids: { id: number; code: string }[] = [];
  const x0 = opts.x0 ?? 115.9;
  for (let i = 0; i < n; i++) {
    const g = square(x0 + i * 0.001, 28.7, 0.001);
    const code = `${townCode}001${String(i + 1).padStart(3, "0")}`;
    const { id } = s
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO grids (code, name, community_id, town_id, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      )
      .get(code, null, community, town, JSON.stringify(g), x0 + i * 0.001, 28.7, x0 + (i + 1) * 0.001, 28.701, T, T)!;
    grids.push({ id, code });
  }
  invalidateGrids(db);
  return { town, community, grids };
}

export function deptFixture(db: Db, code: string, name = code) {
  return db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO departments (code, name, level, created_at, updated_at) VALUES (?, ?, 'county', ?, ?) RETURNING id",
    )
    .get(code, name, T, T)!.id;
}
