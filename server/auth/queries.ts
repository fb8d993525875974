// Reads about users, roles, sessions. No writes here.
import type { Db } from "../core/db.ts";
import type { Role, UserActor } from "../core/context.ts";

export type UserRow = {
  id: number;
  username: string;
  name: string;
  password_hash: string;
  department_id: number | null;
  phone: string | null;
  active: number;
  created_at: string;
  updated_at: string;
};

export function rolesOf(db: Db, userId: number): Role[] {
  return (
    db.sqlite.query("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role").all(userId) as { role: Role }[]
  ).map((r) => r.role);
}

export function userByUsername(db: Db, username: string): UserRow | null {
  return db.sqlite.query("SELECT * FROM users WHERE username = ?").get(username) as UserRow | null;
}

export function userById(db: Db, id: number): UserRow | null {
  return db.sqlite.query("SELECT * FROM users WHERE id = ?").get(id) as UserRow | null;
}

export function countUsers(db: Db): number {
  return (db.sqlite.query("SELECT count(*) AS n FROM users").get() as { n: number }).n;
}

export function actorFor(db: Db, u: UserRow): UserActor {
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
  const row = db.sqlite
    .query(
      `SELECT u.*, s.last_seen AS s_last_seen FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ? AND s.expires_at > ? AND u.active = 1`,
    )
    .get(sessionHash, now) as (UserRow & { s_last_seen: string }) | null;
  if (!row) return null;
  return { actor: actorFor(db, row), lastSeen: row.s_last_seen };
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
    .query(
      `SELECT u.*, d.name AS department_name,
        (SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id) AS roles
       FROM users u LEFT JOIN departments d ON d.id = u.department_id
       ${where.length ? "WHERE " + where.join(" AND ") : ""}
       ORDER BY u.active DESC, u.id LIMIT ? OFFSET ?`,
    )
    .all(...args, opts.limit ?? 200, opts.offset ?? 0) as UserListRow[];
}
