// Administrator-editable settings, stored in the database (boot knobs stay in config).
import type { Db } from "./db.ts";
import { nowIso } from "./db.ts";
import { securityLog } from "../security/log.ts";

export const DEFAULTS: Record<string, string> = {
  "county.name": "示范县",
  "county.code": "360121",
};

export function getSetting(db: Db, key: string): string {
  const r = db.sqlite.query("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | null;
  return r?.value ?? DEFAULTS[key] ?? "";
}

export function setSetting(db: Db, key: string, value: string, userId: number | null = null) {
  const before =
    (db.sqlite.query("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | null)?.value ??
    DEFAULTS[key] ??
    null;
  if (before !== value) {
    const who = userId
      ? (db.sqlite.query("SELECT name FROM users WHERE id = ?").get(userId) as { name: string } | null)?.name
      : null;
    securityLog(db, {
      kind: "config",
      actor: who ?? "系统",
      userId,
      entity: "setting",
      entityId: key,
      before,
      after: value,
    });
  }
  db.sqlite
    .query(
      "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .run(key, value, nowIso(), userId);
}
