// Reads about departments.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { activeEdition } from "../catalog/index.ts";
import { categories } from "../catalog/tables.ts";
import { regions } from "../grid/tables.ts";
import type { Db } from "../core/db.ts";
import { prepared } from "../core/prepared.ts";
import { departments } from "./tables.ts";

export type { DeptLevel } from "./tables.ts";
import type { DeptLevel } from "./tables.ts";
export const LEVEL_NAMES: Record<DeptLevel, string> = {
  county: "县级部门（一级）",
  town: "乡镇/街道分中心（二级）",
  unit: "三级处置单位",
};

export type DepartmentRow = typeof departments.$inferSelect;

export function listDepartments(
  db: Db,
  opts: { activeOnly?: boolean } = {},
): (DepartmentRow & { parent_name: string | null; users: number })[] {
  return db.sqlite
    .query<DepartmentRow & { parent_name: string | null; users: number }, []>(
      `SELECT d.*, p.name AS parent_name, (SELECT count(*) FROM users u WHERE u.department_id = d.id) AS users
       FROM departments d LEFT JOIN departments p ON p.id = d.parent_id
       ${opts.activeOnly ? "WHERE d.active = 1" : ""} ORDER BY d.level, d.code`,
    )
    .all();
}

const byId = prepared((orm) =>
  orm
    .select()
    .from(departments)
    .where(eq(departments.id, sql.placeholder("id")))
    .prepare(),
);
export function departmentById(db: Db, id: number): DepartmentRow | null {
  return byId(db).get({ id }) ?? null;
}

/** A department and every department below it (sub-units of a town sub-centre). */
export function departmentTree(db: Db, id: number): number[] {
  return db.sqlite
    .query<{ id: number }, [number]>(
      `WITH RECURSIVE t(id) AS (SELECT ? UNION ALL SELECT d.id FROM departments d JOIN t ON d.parent_id = t.id) SELECT id FROM t`,
    )
    .all(id)
    .map((r) => r.id);
}

export type RoutingRuleRow = {
  id: number;
  note: string | null;
  dept: string;
  ccode: string | null;
  cname: string | null;
  edition: string | null;
  region: string | null;
  rlevel: string | null;
  grid: string | null;
};
/** Dispatch rules, most specific first (grid, community, town, category default, global default). */
export function routingRules(db: Db): RoutingRuleRow[] {
  return db.sqlite
    .query<RoutingRuleRow, []>(
      `SELECT r.id, r.note, d.name AS dept, k.code AS ccode, k.small_name AS cname, k.edition, rg.name AS region, rg.level AS rlevel, g.code AS grid
     FROM routing_rules r JOIN departments d ON d.id = r.department_id LEFT JOIN categories k ON k.id = r.category_id
     LEFT JOIN regions rg ON rg.id = r.region_id LEFT JOIN grids g ON g.id = r.grid_id
     ORDER BY (r.grid_id IS NULL), (rg.level = 'community') DESC, (r.region_id IS NULL), (r.category_id IS NULL), k.code, r.id LIMIT 1000`,
    )
    .all();
}

const choices = prepared((orm) => ({
  categories: orm
    .select({
      id: categories.id,
      edition: categories.edition,
      kind: categories.kind,
      code: categories.code,
      small_name: categories.small_name,
    })
    .from(categories)
    .where(and(eq(categories.active, 1), eq(categories.edition, sql.placeholder("edition"))))
    .orderBy(desc(categories.kind), categories.code)
    .prepare(),
  regions: orm
    .select({ id: regions.id, name: regions.name, level: regions.level, code: regions.code })
    .from(regions)
    .where(inArray(regions.level, ["town", "community"]))
    .orderBy(regions.code)
    .prepare(),
}));
/** Active categories of the edition in force (server/catalog) a rule may name, events first, by code. */
export const routingCategories = (db: Db) => choices(db).categories.all({ edition: activeEdition(db) });
/** Towns and communities a rule may name, in code order. */
export const routingRegions = (db: Db) => choices(db).regions.all();
