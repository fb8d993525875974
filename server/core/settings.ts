// Administrator-editable settings, stored in the database (boot knobs stay in config).
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "./db.ts";
import { nowIso } from "./db.ts";

export const DEFAULTS: Record<string, string> = {
  "county.name": "示范县",
  "county.code": "360121",
};

export function getSetting(db: Db, key: string): string {
  const r = db.sqlite.query<{ value: string }, SQLQueryBindings[]>("SELECT value FROM settings WHERE key = ?").get(key);
  return r?.value ?? DEFAULTS[key] ?? "";
}

/** Store one setting. The verb that changes a setting writes its own security log row. */
export function setSetting(db: Db, key: string, value: string, userId: number | null = null) {
  db.sqlite
    .query(
      "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .run(key, value, nowIso(), userId);
}
