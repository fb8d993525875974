import { test, expect } from "bun:test";
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { openDb } from "./db.ts";
import { tempDir } from "../testing/index.ts";
import { migrate, MIGRATIONS, migrationLevel, MigrationError } from "./migrate.ts";

const tmp = () => tempDir("wanmi-mig-");

test("migrations are embedded, numbered and named", () => {
  expect(MIGRATIONS.length).toBeGreaterThan(0);
  MIGRATIONS.forEach((m, i) => {
    expect(m.name).toMatch(/^\d{4}_[a-z0-9_]+$/);
    if (i > 0) expect(m.id).toBeGreaterThan(MIGRATIONS[i - 1]!.id);
  });
});

test("an empty database is migrated to the latest level without a backup", () => {
  const dir = tmp();
  const db = openDb(join(dir, "wanmi.db"));
  const r = migrate(db, { backupDir: join(dir, "backups") });
  expect(r.applied).toEqual(MIGRATIONS.map((m) => m.name));
  expect(r.backup).toBeNull();
  expect(migrationLevel(db)).toBe(MIGRATIONS.at(-1)!.id);
  expect(db.sqlite.query("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
  // a second run is a no-op
  expect(migrate(db, { backupDir: join(dir, "backups") }).applied).toEqual([]);
});

test("an existing database is backed up before pending migrations run, and keeps its rows", () => {
  const dir = tmp();
  const db = openDb(join(dir, "wanmi.db"));
  migrate(db, { migrations: MIGRATIONS.slice(0, 1) });
  db.sqlite.run(
    "INSERT INTO departments (code, name, level, created_at, updated_at) VALUES ('D1','城管局','county','x','x')",
  );
  const extra = { id: 9999, name: "9999_test_extra", sql: "CREATE TABLE extra_t (x INTEGER);", checksum: "abc" };
  const r = migrate(db, { backupDir: join(dir, "backups"), migrations: [...MIGRATIONS, extra] });
  expect(r.applied).toContain("9999_test_extra");
  expect(r.backup).not.toBeNull();
  expect(existsSync(r.backup!)).toBe(true);
  const bak = openDb(r.backup!);
  expect(bak.sqlite.query("SELECT name FROM departments").get()).toEqual({ name: "城管局" });
  expect(bak.sqlite.query("SELECT count(*) AS n FROM sqlite_master WHERE name='extra_t'").get()).toEqual({ n: 0 });
  expect(readdirSync(join(dir, "backups")).filter((f) => f.endsWith(".db")).length).toBe(1);
});

test("a failing migration rolls back every pending migration", () => {
  const dir = tmp();
  const db = openDb(join(dir, "wanmi.db"));
  const good = { id: 9001, name: "9001_good", sql: "CREATE TABLE good_t (x INTEGER);", checksum: "g" };
  const bad = { id: 9002, name: "9002_bad", sql: "CREATE TABLE oops (", checksum: "b" };
  expect(() => migrate(db, { migrations: [...MIGRATIONS, good, bad] })).toThrow(MigrationError);
  expect(migrationLevel(db)).toBe(0);
  expect(db.sqlite.query("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('good_t','users')").get()).toEqual({
    n: 0,
  });
});

test("an edited or unknown applied migration is refused", () => {
  const dir = tmp();
  const db = openDb(join(dir, "wanmi.db"));
  migrate(db);
  const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, checksum: "changed" } : m));
  expect(() => migrate(db, { migrations: edited })).toThrow(/checksum/);
  expect(() => migrate(db, { migrations: MIGRATIONS.slice(0, 0) })).toThrow(/数据库比程序新/);
});
