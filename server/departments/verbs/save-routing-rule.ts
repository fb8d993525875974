// Create, edit or delete a routing rule (派遣规则). Audited.
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, NotFound, Conflict } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { prepared } from "../../core/prepared.ts";
import { sql } from "drizzle-orm";
import { routingRules } from "../tables.ts";

const insertRule = prepared((orm) =>
  orm
    .insert(routingRules)
    .values({
      category_id: sql.placeholder("category_id"),
      region_id: sql.placeholder("region_id"),
      grid_id: sql.placeholder("grid_id"),
      department_id: sql.placeholder("department_id"),
      note: sql.placeholder("note"),
      created_at: sql.placeholder("created_at"),
      updated_at: sql.placeholder("updated_at"),
    })
    .returning({ id: routingRules.id })
    .prepare(),
);
import { activeCategory } from "../../catalog/index.ts";

export type RuleInput = {
  categoryId: number | null;
  regionId: number | null;
  gridId: number | null;
  departmentId: number;
  note?: string | null;
};

export function saveRoutingRule(db: Db, actor: Actor, v: RuleInput, id?: number): number {
  const s = db.sqlite;
  const f: Record<string, string> = {};
  if (v.regionId && v.gridId) f.gridId = "地域与单元网格只能选其一";
  if (!v.departmentId || !s.query("SELECT 1 FROM departments WHERE id = ?").get(v.departmentId))
    f.departmentId = "请选择处置部门";
  if (v.categoryId && !s.query("SELECT 1 FROM categories WHERE id = ?").get(v.categoryId)) f.categoryId = "类别不存在";
  else if (v.categoryId && !activeCategory(db, v.categoryId))
    f.categoryId = "类别不属于现行分类标准（旧版规则请用“类别映射”迁移）";
  if (v.regionId && !s.query("SELECT 1 FROM regions WHERE id = ? AND level IN ('town', 'community')").get(v.regionId))
    f.regionId = "地域须为街道/乡镇或社区";
  if (v.gridId && !s.query("SELECT 1 FROM grids WHERE id = ?").get(v.gridId)) f.gridId = "单元网格不存在";
  if (Object.keys(f).length) throw Validation("routing.invalid", "规则有误，请检查标红的项", f);
  return tx(db, () => {
    const dup = s
      .query<{ id: number }, [number | null, number | null, number | null]>(
        "SELECT id FROM routing_rules WHERE category_id IS ? AND region_id IS ? AND grid_id IS ?",
      )
      .get(v.categoryId, v.regionId, v.gridId);
    if (dup && dup.id !== id) throw Conflict("routing.duplicate", `已有相同类别与地域的规则 #${dup.id}，请直接修改它`);
    const now = nowIso();
    if (id) {
      const before = s.query("SELECT * FROM routing_rules WHERE id = ?").get(id);
      if (!before) throw NotFound("规则", "routing.not_found");
      s.query(
        "UPDATE routing_rules SET category_id = ?, region_id = ?, grid_id = ?, department_id = ?, note = ?, updated_at = ? WHERE id = ?",
      ).run(v.categoryId, v.regionId, v.gridId, v.departmentId, v.note ?? null, now, id);
      audit(db, actor, "routing_rule", id, "update", before, v);
      return id;
    }
    const { id: nid } = insertRule(db).get({
      category_id: v.categoryId,
      region_id: v.regionId,
      grid_id: v.gridId,
      department_id: v.departmentId,
      note: v.note ?? null,
      created_at: now,
      updated_at: now,
    })!;
    audit(db, actor, "routing_rule", nid, "create", null, v);
    return nid;
  });
}

export function deleteRoutingRule(db: Db, actor: Actor, id: number) {
  tx(db, () => {
    const before = db.sqlite.query("SELECT * FROM routing_rules WHERE id = ?").get(id);
    if (!before) throw NotFound("规则", "routing.not_found");
    db.sqlite.query("DELETE FROM routing_rules WHERE id = ?").run(id);
    audit(db, actor, "routing_rule", id, "delete", before, null);
  });
}
