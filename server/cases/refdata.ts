// Reference data the cases module needs (grids, routing, time limits, calendar).
// Local fallbacks until the `ref` branch lands server/grid, server/departments/routing,
// server/catalog and server/calendar: swap these bodies for re-exports in this ONE file.
import type { Db } from "../core/db.ts";
import { polygonContains } from "../grid/spatial.ts";
import { defaultCalendar, type TimeLimit, type WorkCalendar } from "../core/calendar.ts";

export type GridHit = { gridId: number; gridCode: string; communityId: number; townId: number; townName: string; communityName: string };

export function lookupGrid(db: Db, lng: number, lat: number): GridHit | null {
  const rows = db.sqlite
    .query(
      `SELECT g.id, g.code, g.geometry, g.community_id, g.town_id, t.name AS town_name, c.name AS community_name
       FROM grids g JOIN regions t ON t.id = g.town_id JOIN regions c ON c.id = g.community_id
       WHERE ? BETWEEN g.min_lng AND g.max_lng AND ? BETWEEN g.min_lat AND g.max_lat ORDER BY g.code`,
    )
    .all(lng, lat) as any[];
  for (const r of rows) {
    if (polygonContains(JSON.parse(r.geometry), lng, lat)) {
      return { gridId: r.id, gridCode: r.code, communityId: r.community_id, townId: r.town_id, townName: r.town_name, communityName: r.community_name };
    }
  }
  return null;
}

export type Proposal = { departmentId: number; departmentName: string; rule: string };

/** Most specific wins: component maint dept > grid > community > town > category default > global default. */
export function proposeDepartment(db: Db, q: { categoryId: number; gridId?: number | null; componentId?: number | null }): Proposal | null {
  const s = db.sqlite;
  if (q.componentId) {
    const r = s.query("SELECT d.id, d.name FROM components c JOIN departments d ON d.id = coalesce(c.maint_dept_id, c.owner_dept_id) WHERE c.id = ?").get(q.componentId) as any;
    if (r) return { departmentId: r.id, departmentName: r.name, rule: "component" };
  }
  const grid = q.gridId ? (s.query("SELECT community_id, town_id FROM grids WHERE id = ?").get(q.gridId) as any) : null;
  const anyCat = "(r.category_id = ? OR r.category_id IS NULL) ORDER BY r.category_id IS NULL, r.id";
  const tries: [string, string, unknown[]][] = [];
  if (grid) {
    tries.push(["grid", `r.grid_id = ? AND ${anyCat}`, [q.gridId, q.categoryId]]);
    tries.push(["community", `r.grid_id IS NULL AND r.region_id = ? AND ${anyCat}`, [grid.community_id, q.categoryId]]);
    tries.push(["town", `r.grid_id IS NULL AND r.region_id = ? AND ${anyCat}`, [grid.town_id, q.categoryId]]);
  }
  tries.push(["category", "r.grid_id IS NULL AND r.region_id IS NULL AND r.category_id = ? ORDER BY r.id", [q.categoryId]]);
  tries.push(["default", "r.grid_id IS NULL AND r.region_id IS NULL AND r.category_id IS NULL ORDER BY r.id", []]);
  for (const [rule, where, args] of tries) {
    const r = s.query(`SELECT d.id, d.name FROM routing_rules r JOIN departments d ON d.id = r.department_id WHERE ${where} LIMIT 1`).get(...(args as any[])) as any;
    if (r) return { departmentId: r.id, departmentName: r.name, rule };
  }
  return null;
}

export type CategoryRow = { id: number; kind: string; code: string; big_name: string; small_name: string; dept_hint: string | null };
export function categoryById(db: Db, id: number): CategoryRow | null {
  return db.sqlite.query("SELECT id, kind, code, big_name, small_name, dept_hint FROM categories WHERE id = ?").get(id) as CategoryRow | null;
}

export type LimitStage = "file" | "dispatch" | "dispose" | "verify" | "check";
export function timeLimit(db: Db, categoryId: number, urgency: string, stage: LimitStage): TimeLimit | null {
  return db.sqlite
    .query("SELECT amount, unit, mode FROM category_limits WHERE category_id = ? AND urgency = ? AND stage = ?")
    .get(categoryId, urgency, stage) as TimeLimit | null;
}

export function loadCalendar(db: Db): WorkCalendar {
  const rows = db.sqlite.query("SELECT day, type FROM calendar_days").all() as { day: string; type: string }[];
  const cal = defaultCalendar();
  cal.holidays = rows.filter((r) => r.type === "holiday").map((r) => r.day);
  cal.workdays = rows.filter((r) => r.type === "workday").map((r) => r.day);
  return cal;
}
