// Create or edit a user (the only writer of users/user_roles).
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import { type Actor, ROLES, type Role } from "../../core/context.ts";
import { Validation, NotFound, Conflict, fieldErrors } from "../../core/errors.ts";
import { userById, userByUsername, rolesOf } from "../queries.ts";
import { audit } from "../../core/audit.ts";
import { prepared } from "../../core/prepared.ts";
import { sql } from "drizzle-orm";
import { users } from "../tables.ts";
import { checkPassword, logPermissionChange } from "../../security/index.ts";

const insertUser = prepared((orm) =>
  orm
    .insert(users)
    .values({
      username: sql.placeholder("username"),
      name: sql.placeholder("name"),
      password_hash: sql.placeholder("password_hash"),
      department_id: sql.placeholder("department_id"),
      phone: sql.placeholder("phone"),
      active: sql.placeholder("active"),
      created_at: sql.placeholder("created_at"),
      updated_at: sql.placeholder("updated_at"),
    })
    .returning({ id: users.id })
    .prepare(),
);

export const MIN_PASSWORD = 8;

const input = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,32}$/, "用户名须为 2–32 位字母、数字、下划线、点或连字符"),
  name: z.string().trim().min(1, "请填写姓名").max(40, "姓名过长"),
  roles: z.array(z.enum(ROLES)).min(1, "至少选择一个角色"),
  departmentId: z.number().int().positive().nullable().optional(),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^[0-9+\- ]*$/, "电话号码格式不对")
    .optional()
    .nullable(),
  password: z.string().optional(),
  active: z.boolean().optional(),
});
export type SaveUserInput = z.input<typeof input>;

export function hashPassword(pw: string) {
  return Bun.password.hashSync(pw, { algorithm: "argon2id" });
}

export function saveUser(db: Db, actor: Actor, raw: SaveUserInput, id?: number): number {
  const r = input.safeParse(raw);
  if (!r.success)
    throw Validation("user.invalid", "用户信息有误，请检查标红的项", fieldErrors(r.error.issues, { keepFirst: true }));
  const v = r.data;
  if (!id && !v.password) throw Validation("user.password_short", "请设置密码", { password: "请设置密码" });
  // The security policy (server/security/policy.ts). The demo county's published password (wanmi2026) is the
  // one exception: it is documented, a demo is not a live county, and `wanmi demo` refuses a set-up install.
  const demoSeed = actor.kind === "system" && actor.job === "demo";
  if (v.password && !demoSeed) checkPassword(db, v.password, v.username);
  return tx(db, () => {
    const s = db.sqlite;
    if (v.departmentId) {
      const d = s.query("SELECT id FROM departments WHERE id = ?").get(v.departmentId);
      if (!d) throw Validation("user.department_missing", "所选部门不存在", { departmentId: "所选部门不存在" });
    }
    const other = userByUsername(db, v.username);
    if (other && other.id !== id) throw Conflict("user.username_taken", `用户名「${v.username}」已被使用`);
    const now = nowIso();
    let userId: number;
    let before: unknown = null;
    if (id) {
      const cur = userById(db, id);
      if (!cur) throw NotFound("用户", "user.not_found");
      before = { ...cur, password_hash: undefined, roles: rolesOf(db, id) };
      s.query(
        "UPDATE users SET username = ?, name = ?, department_id = ?, phone = ?, active = ?, updated_at = ? WHERE id = ?",
      ).run(v.username, v.name, v.departmentId ?? null, v.phone ?? null, v.active === false ? 0 : 1, now, id);
      if (v.password) s.query("UPDATE users SET password_hash = ? WHERE id = ?").run(hashPassword(v.password), id);
      if (v.active === false) s.query("DELETE FROM sessions WHERE user_id = ?").run(id);
      userId = id;
    } else {
      userId = insertUser(db).get({
        username: v.username,
        name: v.name,
        password_hash: hashPassword(v.password!),
        department_id: v.departmentId ?? null,
        phone: v.phone ?? null,
        active: v.active === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      })!.id;
    }
    s.query("DELETE FROM user_roles WHERE user_id = ?").run(userId);
    const insRole = s.query("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
    for (const role of new Set<Role>(v.roles)) insRole.run(userId, role);
    const after = {
      username: v.username,
      name: v.name,
      roles: v.roles,
      departmentId: v.departmentId ?? null,
      active: v.active !== false,
    };
    const action = id ? "update" : "create";
    audit(db, actor, "user", userId, action, before, after);
    logPermissionChange(db, actor, { entity: "user", entityId: userId, action, before, after });
    return userId;
  });
}
