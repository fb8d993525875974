// cases.digest: one summary notification per desk user a few times a day (09:00, 12:00, 15:00,
// 18:00). Intake notifications go to one operator per report (recipients.ts, round-robin); the
// rest of the intake side, and the state of each of the user's queues, arrive here instead of as
// one notification per case. Nothing to say, nothing sent.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { tx } from "../core/db.ts";
import type { Bus } from "../core/bus.ts";
import type { Role, UserActor } from "../core/context.ts";
import { notifyUsers } from "../notify/index.ts";
import { countCases } from "./queries.ts";
import { queuesFor, scopeFor } from "./queues.ts";

export const DIGEST_CRON = "0 9,12,15,18 * * *";
export const DIGEST_ROLES: readonly Role[] = ["intake", "shift_lead", "dispatcher"];
/** Queues that hold everything (全部在办, 全部案件) say nothing a summary needs. */
const NOT_IN_DIGEST = new Set(["open", "all"]);

type UserRow = { id: number; username: string; name: string; department_id: number | null; roles: string };

const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);

/** The digest text for one user over [since, now), or null when there is nothing to say. */
export function digestText(db: Db, u: UserActor, since: Date, now: Date): string | null {
  const parts: string[] = [];
  if (u.roles.includes("intake") || u.roles.includes("shift_lead")) {
    const range = [since.toISOString(), now.toISOString()];
    const reports = db.sqlite
      .query<{ n: number }, SQLQueryBindings[]>(
        "SELECT count(*) AS n FROM cases WHERE created_at >= ? AND created_at < ?",
      )
      .get(...range)!.n;
    const mine = db.sqlite
      .query<{ n: number }, SQLQueryBindings[]>(
        "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND kind = 'report' AND created_at >= ? AND created_at < ?",
      )
      .get(u.userId, ...range)!.n;
    if (reports) parts.push(`本时段上报 ${reports} 件，分给你 ${mine} 件`);
  }
  const scope = scopeFor(db, u);
  const queues: string[] = [];
  for (const q of queuesFor(u)) {
    if (NOT_IN_DIGEST.has(q.key)) continue;
    const n = countCases(db, { ...q.filter, ...scope });
    if (n) queues.push(`${q.label} ${n} 件`);
  }
  if (queues.length) parts.push(`待办：${queues.join("、")}`);
  return parts.length ? `工作摘要（${hhmm(since)}–${hhmm(now)}）：${parts.join("；")}` : null;
}

/** Send every desk user their digest; returns how many were sent. */
export function sendDigests(db: Db, bus: Bus | undefined, now = new Date()): number {
  const users = db.sqlite
    .query<UserRow, SQLQueryBindings[]>(
      `SELECT u.id, u.username, u.name, u.department_id, group_concat(r.role) AS roles
       FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.active = 1 GROUP BY u.id ORDER BY u.id`,
    )
    .all();
  const lastDigest = db.sqlite.query<{ at: string | null }, SQLQueryBindings[]>(
    "SELECT max(created_at) AS at FROM notifications WHERE user_id = ? AND kind = 'digest'",
  );
  let sent = 0;
  tx(db, () => {
    for (const r of users) {
      const roles = r.roles.split(",") as Role[];
      if (!roles.some((x) => DIGEST_ROLES.includes(x))) continue;
      const u: UserActor = {
        kind: "user",
        userId: r.id,
        username: r.username,
        name: r.name,
        roles,
        departmentId: r.department_id,
      };
      const last = lastDigest.get(r.id)?.at;
      const since = last ? new Date(last) : new Date(now.getTime() - 24 * 3600_000);
      const text = digestText(db, u, since, now);
      if (!text) continue;
      sent += notifyUsers(db, bus, [r.id], { caseId: null, kind: "digest", text });
    }
  });
  return sent;
}
