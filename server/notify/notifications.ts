// In-app notifications: rows per user with an unread count; live updates go out on the bus
// (topic "notify") after commit and reach browsers through /events (SSE).
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { onCommit, nowIso } from "../core/db.ts";
import type { Bus } from "../core/bus.ts";

export type NotificationRow = {
  id: number;
  user_id: number;
  case_id: number | null;
  kind: string;
  text: string;
  created_at: string;
  read_at: string | null;
  case_no?: string | null;
};

/** Insert notifications (inside the caller's transaction) and announce them after commit. */
export function notifyUsers(
  db: Db,
  bus: Bus | undefined,
  userIds: Iterable<number>,
  n: { caseId: number | null; kind: string; text: string },
) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return 0;
  const ins = db.sqlite.query(
    "INSERT INTO notifications (user_id, case_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const at = nowIso();
  for (const id of ids) ins.run(id, n.caseId, n.kind, n.text, at);
  if (bus) onCommit(db, () => bus.publish("notify", { userIds: ids }));
  return ids.length;
}

export function unreadCount(db: Db, userId: number): number {
  return db.sqlite
    .query<{ n: number }, SQLQueryBindings[]>(
      "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL",
    )
    .get(userId)!.n;
}

export function listNotifications(db: Db, userId: number, limit = 50): NotificationRow[] {
  return db.sqlite
    .query<NotificationRow, SQLQueryBindings[]>(
      "SELECT n.*, c.no AS case_no FROM notifications n LEFT JOIN cases c ON c.id = n.case_id WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ?",
    )
    .all(userId, limit);
}

export function markAllRead(db: Db, userId: number): number {
  return db.sqlite
    .query("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
    .run(nowIso(), userId).changes;
}

/** Active users holding a role (optionally within departments). */
export function usersWithRole(db: Db, role: string, departmentIds?: number[]): number[] {
  if (departmentIds && !departmentIds.length) return [];
  const deptSql = departmentIds ? ` AND u.department_id IN (${departmentIds.map(() => "?").join(",")})` : "";
  return db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.active = 1 AND r.role = ?${deptSql}`,
    )
    .all(role, ...(departmentIds ?? []))
    .map((r) => r.id);
}
