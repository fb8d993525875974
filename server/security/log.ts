// The append-only security log (table security_log; UPDATE/DELETE are refused by triggers).
import type { Db } from "../core/db.ts";
import type { securityLog as securityLogTable } from "./tables.ts";
import { currentRequest } from "../core/request-context.ts";
import { toCsvText } from "../core/csv.ts";
import { type Actor, actorLabel } from "../core/context.ts";

export type SecurityKind =
  | "signin"
  | "signout"
  | "permission"
  | "config"
  | "backup"
  | "restore"
  | "export"
  | "password";

export type SecurityEntry = {
  kind: SecurityKind;
  outcome?: "ok" | "fail";
  actor: string;
  userId?: number | null;
  username?: string | null;
  ip?: string | null;
  entity?: string | null;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  detail?: string | null;
};

export type SecurityLogRow = typeof securityLogTable.$inferSelect;

const json = (v: unknown) => (v == null ? null : (typeof v === "string" ? v : JSON.stringify(v)).slice(0, 20_000));
const cap = (v: string | null | undefined, n: number) => (v == null ? null : v.slice(0, n));

/** Append one entry. The client address defaults to the current request's. */
export function securityLog(db: Db, e: SecurityEntry) {
  const ip = e.ip ?? currentRequest()?.ip ?? null;
  db.sqlite
    .query(
      `INSERT INTO security_log (at, kind, outcome, actor, user_id, username, ip, entity, entity_id, before, after, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      new Date().toISOString(),
      e.kind,
      e.outcome ?? "ok",
      cap(e.actor, 200)!,
      e.userId ?? null,
      cap(e.username, 200),
      cap(ip, 100),
      cap(e.entity, 100),
      e.entityId == null ? null : String(e.entityId).slice(0, 200),
      json(e.before),
      json(e.after),
      cap(e.detail, 2000),
    );
}

const who = (actor: Actor) => ({ actor: actorLabel(actor), userId: actor.kind === "user" ? actor.userId : null });

/** One row for one changed administrator setting (等保: 配置变更); the verb that changed it writes it. */
export function logSettingChange(db: Db, actor: Actor, key: string, before: unknown, after: unknown) {
  securityLog(db, { kind: "config", ...who(actor), entity: "setting", entityId: key, before, after });
}

/** One row for a change of who may do what (等保: 权限变更): users' roles, API clients' scopes. */
export function logPermissionChange(
  db: Db,
  actor: Actor,
  change: { entity: string; entityId: string | number; action: string; before: unknown; after: unknown },
) {
  const { action, ...rest } = change;
  securityLog(db, { kind: "permission", ...who(actor), ...rest, detail: action });
}

export type LogFilter = { kind?: string; q?: string; from?: string; to?: string; limit?: number; offset?: number };

function where(f: LogFilter): [string, (string | number)[]] {
  const w: string[] = [];
  const a: (string | number)[] = [];
  if (f.kind) w.push("kind = ?"), a.push(f.kind);
  if (f.q)
    w.push("(actor LIKE ? OR username LIKE ? OR ip LIKE ? OR entity_id = ?)"),
      a.push(`%${f.q}%`, `%${f.q}%`, `%${f.q}%`, f.q);
  if (f.from) w.push("at >= ?"), a.push(f.from);
  if (f.to) w.push("at < ?"), a.push(f.to);
  return [w.length ? "WHERE " + w.join(" AND ") : "", a];
}

export function listSecurityLog(db: Db, f: LogFilter = {}): { rows: SecurityLogRow[]; total: number } {
  const [w, a] = where(f);
  const total = db.sqlite
    .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM security_log ${w}`)
    .get(...a)!.n;
  const rows = db.sqlite
    .query<SecurityLogRow, (string | number)[]>(`SELECT * FROM security_log ${w} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...a, f.limit ?? 100, f.offset ?? 0);
  return { rows, total };
}

const KIND_NAMES: Record<string, string> = {
  signin: "登录",
  signout: "退出",
  permission: "权限变更",
  config: "配置变更",
  backup: "备份",
  restore: "恢复",
  export: "导出",
  password: "修改密码",
};
export const kindName = (k: string) => KIND_NAMES[k] ?? k;
export const SECURITY_KINDS = Object.keys(KIND_NAMES);

/** The whole filtered log as CSV (UTF-8 with BOM so Excel/WPS read Chinese correctly). */
export function securityLogCsv(db: Db, f: LogFilter = {}): string {
  const [w, a] = where(f);
  const head = [
    "编号",
    "时间(UTC)",
    "类别",
    "结果",
    "操作人",
    "用户ID",
    "登录名",
    "来源地址",
    "对象",
    "对象ID",
    "修改前",
    "修改后",
    "说明",
  ];
  const rows: unknown[][] = [head];
  for (const r of db.sqlite
    .query<SecurityLogRow, (string | number)[]>(`SELECT * FROM security_log ${w} ORDER BY id`)
    .iterate(...a)) {
    rows.push([
      r.id,
      r.at,
      kindName(r.kind),
      r.outcome === "ok" ? "成功" : "失败",
      r.actor,
      r.user_id,
      r.username,
      r.ip,
      r.entity,
      r.entity_id,
      r.before,
      r.after,
      r.detail,
    ]);
  }
  return toCsvText(rows);
}
