// Reads about users, roles, sessions. No writes here.
import type { Db } from "../core/db.ts";
import type { Role, UserActor } from "../core/context.ts";
import { and, count, eq, gt, sql } from "drizzle-orm";
import { prepared } from "../core/prepared.ts";
import { sessions, userRoles, users } from "./tables.ts";

export type UserRow = typeof users.$inferSelect;

const q = prepared((orm) => ({
  roles: orm
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.user_id, sql.placeholder("userId")))
    .orderBy(userRoles.role)
    .prepare(),
  byUsername: orm
    .select()
    .from(users)
    .where(eq(users.username, sql.placeholder("username")))
    .prepare(),
  byId: orm
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
  count: orm.select({ n: count() }).from(users).prepare(),
  session: orm
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      department_id: users.department_id,
      last_seen: sessions.last_seen,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.user_id))
    .where(
      and(
        eq(sessions.id, sql.placeholder("hash")),
        gt(sessions.expires_at, sql.placeholder("now")),
        eq(users.active, 1),
      ),
    )
    .prepare(),
}));

export function rolesOf(db: Db, userId: number): Role[] {
  return q(db)
    .roles.all({ userId })
    .map((r) => r.role);
}

export function userByUsername(db: Db, username: string): UserRow | null {
  return q(db).byUsername.get({ username }) ?? null;
}

export function userById(db: Db, id: number): UserRow | null {
  return q(db).byId.get({ id }) ?? null;
}

export function countUsers(db: Db): number {
  return q(db).count.get()!.n;
}

export function actorFor(db: Db, u: Pick<UserRow, "id" | "username" | "name" | "department_id">): UserActor {
  return {
    kind: "user",
    userId: u.id,
    username: u.username,
    name: u.name,
    roles: rolesOf(db, u.id),
    departmentId: u.department_id,
  };
}

/** The signed-in user behind a session id hash, or null if missing, expired or disabled. */
export function sessionUser(db: Db, sessionHash: string, now: string): { actor: UserActor; lastSeen: string } | null {
  const row = q(db).session.get({ hash: sessionHash, now });
  if (!row) return null;
  return { actor: actorFor(db, row), lastSeen: row.last_seen };
}

export type UserListRow = UserRow & { roles: string; department_name: string | null };

export function listUsers(
  db: Db,
  opts: { q?: string; role?: string; limit?: number; offset?: number } = {},
): UserListRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (opts.q) {
    where.push("(u.username LIKE ? OR u.name LIKE ?)");
    args.push(`%${opts.q}%`, `%${opts.q}%`);
  }
  if (opts.role) {
    where.push("EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)");
    args.push(opts.role);
  }
  return db.sqlite
    .query<UserListRow, (string | number)[]>(
      `SELECT u.*, d.name AS department_name,
        (SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id) AS roles
       FROM users u LEFT JOIN departments d ON d.id = u.department_id
       ${where.length ? "WHERE " + where.join(" AND ") : ""}
       ORDER BY u.active DESC, u.id LIMIT ? OFFSET ?`,
    )
    .all(...args, opts.limit ?? 200, opts.offset ?? 0);
}
