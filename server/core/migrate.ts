// Forward-only migrations, embedded at bundle time, tracked in _migrations,
// applied in one transaction at start-up after a backup of an existing database.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadMigrations } from "./migrations.macro.ts" with { type: "macro" };
import { ownerOnly, type Db } from "./db.ts";
import type { EmbeddedMigration } from "./migrations.macro.ts";

export const MIGRATIONS: EmbeddedMigration[] = loadMigrations() as EmbeddedMigration[];

export type MigrateResult = { applied: string[]; level: number; backup: string | null };

export class MigrationError extends Error {}

function ensureTable(db: Db) {
  db.sqlite.run(`CREATE TABLE IF NOT EXISTS _migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
}

export function appliedMigrations(db: Db): { id: number; name: string; checksum: string }[] {
  ensureTable(db);
  return db.sqlite
    .query<{ id: number; name: string; checksum: string }, []>("SELECT id, name, checksum FROM _migrations ORDER BY id")
    .all();
}

export function migrationLevel(db: Db): number {
  const r = db.sqlite.query<{ m: number | null }, []>("SELECT max(id) AS m FROM _migrations").get();
  return r?.m ?? 0;
}

export function migrate(db: Db, opts: { backupDir?: string; migrations?: EmbeddedMigration[] } = {}): MigrateResult {
  const all = opts.migrations ?? MIGRATIONS;
  const done = appliedMigrations(db);
  const known = new Map(all.map((m) => [m.id, m]));
  for (const d of done) {
    const m = known.get(d.id);
    if (!m) {
      throw new MigrationError(
        `数据库含有本程序不认识的迁移 ${d.name}：数据库比程序新，请换用更新版本的程序 (database is newer than this binary)`,
      );
    }
    if (m.checksum !== d.checksum) {
      throw new MigrationError(`迁移 ${d.name} 已应用但内容被改动 (checksum mismatch); migrations are forward-only`);
    }
  }
  const doneIds = new Set(done.map((d) => d.id));
  const pending = all.filter((m) => !doneIds.has(m.id));
  if (pending.length === 0) return { applied: [], level: migrationLevel(db), backup: null };

  let backup: string | null = null;
  const hasData =
    db.sqlite
      .query<{ n: number }, []>(
        "SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '_migrations'",
      )
      .get()!.n > 0;
  if (hasData && opts.backupDir) {
    mkdirSync(opts.backupDir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    backup = join(opts.backupDir, `pre-migrate-${String(migrationLevel(db)).padStart(4, "0")}-${stamp}.db`);
    if (existsSync(backup)) throw new MigrationError(`备份文件已存在: ${backup}`);
    db.sqlite.run(`VACUUM INTO '${backup.replace(/'/g, "''")}'`);
    ownerOnly(backup);
  }

  const ins = db.sqlite.prepare("INSERT INTO _migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)");
  db.sqlite.run("BEGIN IMMEDIATE");
  try {
    for (const m of pending) {
      db.sqlite.run(m.sql);
      ins.run(m.id, m.name, m.checksum, new Date().toISOString());
    }
    db.sqlite.run("COMMIT");
  } catch (e) {
    db.sqlite.run("ROLLBACK");
    throw new MigrationError(`迁移失败，数据库未改动 (rolled back): ${(e as Error).message}`);
  }
  return { applied: pending.map((m) => m.name), level: migrationLevel(db), backup };
}
