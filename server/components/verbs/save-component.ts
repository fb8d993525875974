// Edit a component (部件更新备案): every change is written to component_changes with before/after.
import type { components } from "../tables.ts";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import { type Actor, actorLabel } from "../../core/context.ts";
import { Validation, NotFound, fieldErrors } from "../../core/errors.ts";
import { lookupGrid } from "../../grid/index.ts";

const input = z.object({
  name: z.string().trim().max(60, "名称过长").optional().nullable(),
  lng: z.number({ message: "经度须为数字" }).min(73, "经度超出范围").max(136, "经度超出范围"),
  lat: z.number({ message: "纬度须为数字" }).min(3, "纬度超出范围").max(54, "纬度超出范围"),
  status: z.enum(["normal", "damaged", "lost", "removed"], { message: "请选择状态" }),
  ownerDeptId: z.number().int().positive().nullable().optional(),
  maintDeptId: z.number().int().positive().nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  installedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "日期须为 YYYY-MM-DD")
    .nullable()
    .optional(),
});
export type SaveComponentInput = z.input<typeof input>;

export function saveComponent(db: Db, actor: Actor, raw: SaveComponentInput, id: number): void {
  const r = input.safeParse(raw);
  if (!r.success) {
    throw Validation(
      "component.invalid",
      "部件信息有误，请检查标红的项",
      fieldErrors(r.error.issues, { keepFirst: true }),
    );
  }
  const v = r.data;
  tx(db, () => {
    const s = db.sqlite;
    const before = s.query<typeof components.$inferSelect, [number]>("SELECT * FROM components WHERE id = ?").get(id);
    if (!before) throw NotFound("部件", "component.not_found");
    for (const [k, d] of [
      ["ownerDeptId", v.ownerDeptId],
      ["maintDeptId", v.maintDeptId],
    ] as const)
      if (d && !s.query("SELECT 1 FROM departments WHERE id = ?").get(d))
        throw Validation("component.dept_missing", "所选部门不存在", { [k]: "所选部门不存在" });
    const grid = lookupGrid(db, v.lng, v.lat);
    const now = nowIso();
    s.query(
      "UPDATE components SET name = ?, lng = ?, lat = ?, grid_id = ?, status = ?, owner_dept_id = ?, maint_dept_id = ?, address = ?, installed_on = ?, updated_at = ? WHERE id = ?",
    ).run(
      v.name || null,
      v.lng,
      v.lat,
      grid?.gridId ?? null,
      v.status,
      v.ownerDeptId ?? null,
      v.maintDeptId ?? null,
      v.address || null,
      v.installedOn || null,
      now,
      id,
    );
    const after = s.query("SELECT * FROM components WHERE id = ?").get(id);
    const action = before.status !== v.status && before.lng === v.lng && before.lat === v.lat ? "status" : "update";
    s.query(
      "INSERT INTO component_changes (component_id, at, actor, user_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      id,
      now,
      actorLabel(actor),
      actor.kind === "user" ? actor.userId : null,
      action,
      JSON.stringify(before),
      JSON.stringify(after),
    );
  });
}
