// Reads about departments.
import type { Db } from "../core/db.ts";

export type DeptLevel = "county" | "town" | "unit";
export const LEVEL_NAMES: Record<DeptLevel, string> = {
  county: "县级部门（一级）",
  town: "乡镇/街道分中心（二级）",
  unit: "三级处置单位",
};

export type DepartmentRow = {
  id: number;
  code: string;
  name: string;
  level: DeptLevel;
  parent_id: number | null;
  phone: string | null;
  active: number;
  created_at: string;
  updated_at: string;
};

export function listDepartments(
  db: Db,
  opts: { activeOnly?: boolean } = {},
): (DepartmentRow & { parent_name: string | null; users: number })[] {
  return db.sqlite
    .query(
      `SELECT d.*, p.name AS parent_name, (SELECT count(*) FROM users u WHERE u.department_id = d.id) AS users
       FROM departments d LEFT JOIN departments p ON p.id = d.parent_id
       ${opts.activeOnly ? "WHERE d.active = 1" : ""} ORDER BY d.level, d.code`,
    )
    .all() as any;
}

export function departmentById(db: Db, id: number): DepartmentRow | null {
  return db.sqlite.query("SELECT * FROM departments WHERE id = ?").get(id) as DepartmentRow | null;
}

/** A department and every department below it (sub-units of a town sub-centre). */
export function departmentTree(db: Db, id: number): number[] {
  return (
    db.sqlite
      .query(
        `WITH RECURSIVE t(id) AS (SELECT ? UNION ALL SELECT d.id FROM departments d JOIN t ON d.parent_id = t.id) SELECT id FROM t`,
      )
      .all(id) as { id: number }[]
  ).map((r) => r.id);
}
