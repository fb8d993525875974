// Routing: which department should handle a category at a place. Pure reads.
// Precedence (most specific wins): the component's maintenance department (养护单位)
// > a rule for the unit grid > the community > the town/street > a category-wide rule
// > the global default (category NULL, region NULL, grid NULL).
// Within a level a rule naming the category beats one for any category (category NULL).
import type { Db } from "../core/db.ts";
import type { categories } from "../catalog/tables.ts";
import type { grids } from "../grid/tables.ts";
import type { routingRules } from "./tables.ts";

export type Proposal = { departmentId: number; departmentName: string; rule: string; ruleId: number | null };

type RuleRow = Pick<
  typeof routingRules.$inferSelect,
  "id" | "category_id" | "region_id" | "grid_id" | "department_id"
> & { dept_name: string; active: number };

export function proposeDepartment(
  db: Db,
  o: { categoryId: number; gridId?: number | null; componentId?: number | null },
): Proposal | null {
  const s = db.sqlite;
  if (o.componentId) {
    const comp = s
      .query<{ code: string; dept_id: number; dept_name: string }, [number]>(
        `SELECT c.code, d.id AS dept_id, d.name AS dept_name FROM components c JOIN departments d ON d.id = c.maint_dept_id
         WHERE c.id = ? AND d.active = 1`,
      )
      .get(o.componentId);
    if (comp)
      return {
        departmentId: comp.dept_id,
        departmentName: comp.dept_name,
        rule: `部件 ${comp.code} 的养护单位`,
        ruleId: null,
      };
  }
  type G = Pick<typeof grids.$inferSelect, "id" | "code" | "community_id" | "town_id"> & {
    community_name: string;
    town_name: string;
  };
  let grid: G | null = null;
  if (o.gridId) {
    grid = s
      .query<G, [number]>(
        `SELECT g.id, g.code, g.community_id, g.town_id, cm.name AS community_name, t.name AS town_name
         FROM grids g JOIN regions cm ON cm.id = g.community_id JOIN regions t ON t.id = g.town_id WHERE g.id = ?`,
      )
      .get(o.gridId);
  }
  const rules = s
    .query<RuleRow, number[]>(
      `SELECT r.id, r.category_id, r.region_id, r.grid_id, r.department_id, d.name AS dept_name, d.active
       FROM routing_rules r JOIN departments d ON d.id = r.department_id
       WHERE (r.category_id = ? OR r.category_id IS NULL) AND d.active = 1
         AND (r.grid_id IS NULL OR r.grid_id = ?) AND (r.region_id IS NULL OR r.region_id IN (?, ?))
       ORDER BY r.id`,
    )
    .all(o.categoryId, grid?.id ?? -1, grid?.community_id ?? -1, grid?.town_id ?? -1);
  const cat = s
    .query<Pick<typeof categories.$inferSelect, "code" | "small_name">, [number]>(
      "SELECT code, small_name FROM categories WHERE id = ?",
    )
    .get(o.categoryId);
  const catLabel = cat ? `「${cat.small_name}」(${cat.code})` : "该类别";
  // Levels, most specific first; each with category-specific before any-category.
  const levels: { match: (r: RuleRow) => boolean; label: string }[] = [];
  if (grid) {
    levels.push({ match: (r) => r.grid_id === grid!.id, label: `单元网格 ${grid.code}` });
    levels.push({
      match: (r) => r.grid_id == null && r.region_id === grid!.community_id,
      label: `社区「${grid.community_name}」`,
    });
    levels.push({
      match: (r) => r.grid_id == null && r.region_id === grid!.town_id,
      label: `街道/乡镇「${grid.town_name}」`,
    });
  }
  levels.push({ match: (r) => r.grid_id == null && r.region_id == null, label: "全县" });
  for (const lv of levels) {
    const hits = rules.filter(lv.match);
    const specific = hits.find((r) => r.category_id === o.categoryId);
    const any = hits.find((r) => r.category_id == null);
    const isGlobal = lv.label === "全县";
    // Global level: a category-only rule beats the global default.
    const pick = specific ?? any;
    if (!pick) continue;
    const rule = isGlobal
      ? pick.category_id != null
        ? `${catLabel}的全县默认处置部门（规则 #${pick.id}）`
        : `全局默认处置部门（规则 #${pick.id}）`
      : pick.category_id != null
        ? `${lv.label}内${catLabel}的处置部门（规则 #${pick.id}）`
        : `${lv.label}内所有类别的处置部门（规则 #${pick.id}）`;
    return { departmentId: pick.department_id, departmentName: pick.dept_name, rule, ruleId: pick.id };
  }
  return null;
}
