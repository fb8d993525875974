// Login throttling: too many failures for one account or from one address lock it for a while.
// Kept in the database so a restart does not reset it.
import { sql } from "drizzle-orm";
import type { Db } from "../core/db.ts";
import { prepared } from "../core/prepared.ts";
import { loginAttempts } from "./tables.ts";
import { securitySettings, securityLog } from "../security/index.ts";

const insertAttempt = prepared((orm) =>
  orm
    .insert(loginAttempts)
    .values({
      username: sql.placeholder("username"),
      ip: sql.placeholder("ip"),
      ok: sql.placeholder("ok"),
      at: sql.placeholder("at"),
    })
    .prepare(),
);

/** Defaults; the live thresholds are security settings (安全管理员 edits them). */
export const THROTTLE = { windowMin: 15, perUser: 5, perIp: 20 };

function thresholds(db: Db) {
  const s = securitySettings(db);
  return { windowMin: s.lockMinutes, perUser: s.lockFailures, perIp: s.lockFailuresPerIp };
}

type Failures = { n: number; first: string | null };

export function lockedFor(db: Db, username: string, ip: string, now = Date.now()): number {
  const THROTTLE = thresholds(db);
  const since = new Date(now - THROTTLE.windowMin * 60_000).toISOString();
  const lastOk = db.sqlite
    .query<{ at: string | null }, [string]>("SELECT max(at) AS at FROM login_attempts WHERE username = ? AND ok = 1")
    .get(username)!.at;
  const from = lastOk && lastOk > since ? lastOk : since;
  const u = db.sqlite
    .query<Failures, [string, string]>(
      "SELECT count(*) AS n, min(at) AS first FROM login_attempts WHERE username = ? AND ok = 0 AND at > ?",
    )
    .get(username, from)!;
  const i = db.sqlite
    .query<Failures, [string, string]>(
      "SELECT count(*) AS n, min(at) AS first FROM login_attempts WHERE ip = ? AND ok = 0 AND at > ?",
    )
    .get(ip, since)!;
  const waits: number[] = [];
  if (u.n >= THROTTLE.perUser && u.first) waits.push(Date.parse(u.first) + THROTTLE.windowMin * 60_000 - now);
  if (i.n >= THROTTLE.perIp && i.first) waits.push(Date.parse(i.first) + THROTTLE.windowMin * 60_000 - now);
  return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 60_000)) : 0;
}

export function recordAttempt(db: Db, username: string, ip: string, ok: boolean) {
  insertAttempt(db).run({ username, ip, ok: ok ? 1 : 0, at: new Date().toISOString() });
  securityLog(db, { kind: "signin", outcome: ok ? "ok" : "fail", actor: username, username, ip });
}
