// Create or edit a department (the only writer of departments).
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, NotFound, Conflict, fieldErrors } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { departmentById, departmentTree } from "../queries.ts";
import { prepared } from "../../core/prepared.ts";
import { sql } from "drizzle-orm";
import { departments } from "../tables.ts";

const insertDepartment = prepared((orm) =>
  orm
    .insert(departments)
    .values({
      code: sql.placeholder("code"),
      name: sql.placeholder("name"),
      level: sql.placeholder("level"),
      parent_id: sql.placeholder("parent_id"),
      phone: sql.placeholder("phone"),
      active: sql.placeholder("active"),
      created_at: sql.placeholder("created_at"),
      updated_at: sql.placeholder("updated_at"),
    })
    .returning({ id: departments.id })
    .prepare(),
);

const input = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, "编码须为 1–20 位字母或数字"),
  name: z.string().trim().min(1, "请填写部门名称").max(60, "名称过长"),
  level: z.enum(["county", "town", "unit"], { message: "请选择部门级别" }),
  parentId: z.number().int().positive().nullable().optional(),
  phone: z.string().trim().max(30).optional().nullable(),
  active: z.boolean().optional(),
});
export type SaveDepartmentInput = z.input<typeof input>;

export function saveDepartment(db: Db, actor: Actor, raw: SaveDepartmentInput, id?: number): number {
  const r = input.safeParse(raw);
  if (!r.success) {
    throw Validation(
      "department.invalid",
      "部门信息有误，请检查标红的项",
      fieldErrors(r.error.issues, { keepFirst: true }),
    );
  }
  const v = r.data;
  return tx(db, () => {
    const s = db.sqlite;
    if (v.level === "unit" && !v.parentId)
      throw Validation("department.parent_required", "三级处置单位必须选择上级部门", { parentId: "请选择上级部门" });
    if (v.parentId) {
      const parent = departmentById(db, v.parentId);
      if (!parent) throw Validation("department.parent_missing", "上级部门不存在", { parentId: "上级部门不存在" });
      if (id && departmentTree(db, id).includes(v.parentId))
        throw Validation("department.cycle", "不能把部门设为自己下级的下级", { parentId: "上级部门会形成循环" });
    }
    const dup = s.query<{ id: number }, [string]>("SELECT id FROM departments WHERE code = ?").get(v.code);
    if (dup && dup.id !== id) throw Conflict("department.code_taken", `部门编码「${v.code}」已被使用`);
    const now = nowIso();
    if (id) {
      const before = departmentById(db, id);
      if (!before) throw NotFound("部门", "department.not_found");
      s.query(
        "UPDATE departments SET code = ?, name = ?, level = ?, parent_id = ?, phone = ?, active = ?, updated_at = ? WHERE id = ?",
      ).run(v.code, v.name, v.level, v.parentId ?? null, v.phone ?? null, v.active === false ? 0 : 1, now, id);
      audit(db, actor, "department", id, "update", before, v);
      return id;
    }
    const { id: newId } = insertDepartment(db).get({
      code: v.code,
      name: v.name,
      level: v.level,
      parent_id: v.parentId ?? null,
      phone: v.phone ?? null,
      active: v.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })!;
    audit(db, actor, "department", newId, "create", null, v);
    return newId;
  });
}
