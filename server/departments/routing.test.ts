import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { proposeDepartment } from "./routing.ts";
import { gridFixture, deptFixture } from "../grid/fixtures.ts";

const T = "2026-01-01T00:00:00.000Z";

test("routing precedence: maintenance dept > grid > community > town > category > global default", () => {
  const db = testDb();
  const s = db.sqlite;
  const { town, community, grids } = gridFixture(db, 2);
  const [g1, g2] = [grids[0]!.id, grids[1]!.id];
  const cat = (
    s.query("SELECT id FROM categories WHERE edition='CJ/T 214-2007' AND kind='event' AND code='0101'").get() as {
      id: number;
    }
  ).id;
  const other = (
    s.query("SELECT id FROM categories WHERE edition='CJ/T 214-2007' AND kind='event' AND code='0102'").get() as {
      id: number;
    }
  ).id;
  const d = Object.fromEntries(
    ["GLOBAL", "CAT", "TOWN", "COMM", "GRID", "MAINT"].map((c) => [c, deptFixture(db, c, `部门${c}`)]),
  );
  const rule = (category: number | null, region: number | null, grid: number | null, dept: number) =>
    s
      .query(
        "INSERT INTO routing_rules (category_id, region_id, grid_id, department_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(category, region, grid, dept, T, T);

  expect(proposeDepartment(db, { categoryId: cat, gridId: g1 })).toBeNull();
  rule(null, null, null, d.GLOBAL!);
  expect(proposeDepartment(db, { categoryId: cat, gridId: g1 })?.departmentId).toBe(d.GLOBAL!);
  expect(proposeDepartment(db, { categoryId: cat, gridId: g1 })?.rule).toContain("全局默认");
  rule(cat, null, null, d.CAT!);
  expect(proposeDepartment(db, { categoryId: cat, gridId: g1 })?.departmentId).toBe(d.CAT!);
  expect(proposeDepartment(db, { categoryId: other, gridId: g1 })?.departmentId).toBe(d.GLOBAL!);
  rule(cat, town, null, d.TOWN!);
  expect(proposeDepartment(db, { categoryId: cat, gridId: g1 })?.departmentId).toBe(d.TOWN!);
  expect(proposeDepartment(db, { categoryId: cat })?.departmentId).toBe(d.CAT!); // no place known
  rule(cat, community, null, d.COMM!);
  expect(proposeDepartment(db, { categoryId: cat, gridId: g1 })?.departmentId).toBe(d.COMM!);
  rule(cat, null, g1, d.GRID!);
  const p = proposeDepartment(db, { categoryId: cat, gridId: g1 })!;
  expect(p.departmentId).toBe(d.GRID!);
  expect(p.rule).toContain("单元网格 360121100001001");
  expect(proposeDepartment(db, { categoryId: cat, gridId: g2 })?.departmentId).toBe(d.COMM!);
  // A component with a maintenance department wins over every rule.
  const comp = (
    s
      .query(
        "INSERT INTO components (code, category_id, lng, lat, grid_id, maint_dept_id, created_at, updated_at) VALUES ('3601210101000001', ?, 115.9005, 28.7005, ?, ?, ?, ?) RETURNING id",
      )
      .get(cat, g1, d.MAINT!, T, T) as { id: number }
  ).id;
  expect(proposeDepartment(db, { categoryId: cat, gridId: g1, componentId: comp })).toEqual({
    departmentId: d.MAINT!,
    departmentName: "部门MAINT",
    rule: "部件 3601210101000001 的养护单位",
    ruleId: null,
  });
  // An inactive department is skipped.
  s.query("UPDATE departments SET active = 0 WHERE id = ?").run(d.GRID!);
  expect(proposeDepartment(db, { categoryId: cat, gridId: g1 })?.departmentId).toBe(d.COMM!);
});

test("a region rule for any category beats a county-wide rule for the category", () => {
  const db = testDb();
  const s = db.sqlite;
  const { town, grids } = gridFixture(db, 1);
  const cat = (
    s.query("SELECT id FROM categories WHERE edition='CJ/T 214-2007' AND kind='event' AND code='0101'").get() as {
      id: number;
    }
  ).id;
  const a = deptFixture(db, "A"),
    b = deptFixture(db, "B");
  s.query(
    "INSERT INTO routing_rules (category_id, region_id, grid_id, department_id, created_at, updated_at) VALUES (?, NULL, NULL, ?, ?, ?)",
  ).run(cat, a, T, T);
  s.query(
    "INSERT INTO routing_rules (category_id, region_id, grid_id, department_id, created_at, updated_at) VALUES (NULL, ?, NULL, ?, ?, ?)",
  ).run(town, b, T, T);
  expect(proposeDepartment(db, { categoryId: cat, gridId: grids[0]!.id })?.departmentId).toBe(b);
});
