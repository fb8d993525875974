// Create or edit a responsibility grid (责任网格): its unit grids and inspectors.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, Conflict, NotFound } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { prepared } from "../../core/prepared.ts";
import { eq, sql } from "drizzle-orm";
import { respGrids } from "../tables.ts";

const p = (name: string) => sql.placeholder(name);
const insertRespGrid = prepared((orm) =>
  orm
    .insert(respGrids)
    .values({ code: p("code"), name: p("name"), created_at: p("created_at"), updated_at: p("updated_at") })
    .returning({ id: respGrids.id })
    .prepare(),
);
const updateRespGrid = prepared((orm) =>
  orm
    .update(respGrids)
    // set() takes no bare placeholder in its types; sql`` wraps one (text columns: no mapping lost)
    .set({ code: sql`${p("code")}`, name: sql`${p("name")}`, updated_at: sql`${p("updated_at")}` })
    .where(eq(respGrids.id, p("id")))
    .prepare(),
);

export type SaveRespGridInput = { code: string; name: string; gridCodes: string[]; inspectorIds: number[] };

export function saveRespGrid(db: Db, actor: Actor, v: SaveRespGridInput, id?: number): number {
  const code = v.code.trim(),
    name = v.name.trim();
  const f: Record<string, string> = {};
  if (!/^[A-Za-z0-9_-]{1,30}$/.test(code)) f.code = "编码须为 1–30 位字母或数字";
  if (!name) f.name = "请填写名称";
  if (Object.keys(f).length) throw Validation("resp_grid.invalid", "责任网格信息有误", f);
  return tx(db, () => {
    const s = db.sqlite;
    const dup = s.query<{ id: number }, SQLQueryBindings[]>("SELECT id FROM resp_grids WHERE code = ?").get(code);
    if (dup && dup.id !== id) throw Conflict("resp_grid.code_taken", `责任网格编码「${code}」已被使用`);
    const codes = [...new Set(v.gridCodes.map((c) => c.trim()).filter(Boolean))];
    const gridIds: number[] = [];
    const missing: string[] = [];
    for (const c of codes) {
      const g = s.query<{ id: number }, SQLQueryBindings[]>("SELECT id FROM grids WHERE code = ?").get(c);
      g ? gridIds.push(g.id) : missing.push(c);
    }
    if (missing.length)
      throw Validation("resp_grid.grid_missing", `单元网格不存在：${missing.slice(0, 10).join("、")}`, {
        gridCodes: "有网格编码不存在",
      });
    for (const u of v.inspectorIds) {
      const ok = s.query("SELECT 1 FROM user_roles WHERE user_id = ? AND role = 'inspector'").get(u);
      if (!ok)
        throw Validation("resp_grid.not_inspector", "所选人员不是监督员", { inspectorIds: "所选人员不是监督员" });
    }
    const now = nowIso();
    let rid = id;
    let before: unknown = null;
    if (rid) {
      const cur = s.query("SELECT * FROM resp_grids WHERE id = ?").get(rid);
      if (!cur) throw NotFound("责任网格", "resp_grid.not_found");
      before = {
        ...(cur as object),
        grids: s
          .query<{ grid_id: number }, SQLQueryBindings[]>("SELECT grid_id FROM resp_grid_units WHERE resp_grid_id = ?")
          .all(rid)
          .map((r) => r.grid_id),
        inspectors: s
          .query<{ user_id: number }, SQLQueryBindings[]>(
            "SELECT user_id FROM resp_grid_inspectors WHERE resp_grid_id = ?",
          )
          .all(rid)
          .map((r) => r.user_id),
      };
      updateRespGrid(db).run({ code, name, updated_at: now, id: rid });
      s.query("DELETE FROM resp_grid_units WHERE resp_grid_id = ?").run(rid);
      s.query("DELETE FROM resp_grid_inspectors WHERE resp_grid_id = ?").run(rid);
    } else {
      rid = insertRespGrid(db).get({ code, name, created_at: now, updated_at: now })!.id;
    }
    for (const g of gridIds) s.query("INSERT INTO resp_grid_units (resp_grid_id, grid_id) VALUES (?, ?)").run(rid, g);
    for (const u of new Set(v.inspectorIds))
      s.query("INSERT INTO resp_grid_inspectors (resp_grid_id, user_id) VALUES (?, ?)").run(rid, u);
    audit(db, actor, "resp_grid", rid, id ? "update" : "create", before, {
      code,
      name,
      grids: gridIds,
      inspectors: v.inspectorIds,
    });
    return rid;
  });
}
