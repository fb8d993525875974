// Boot: config → data directory → database (backup + migrate) → scheduler → app.
import { mkdirSync, existsSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { parseConfig, type Config } from "./core/config.ts";
import { openDb, ownerOnly, type Db } from "./core/db.ts";
import { migrate } from "./core/migrate.ts";
import { Scheduler } from "./core/scheduler.ts";
import { Bus } from "./core/bus.ts";
import { Pool } from "./core/pool.ts";
import type { Deps } from "./core/http.ts";
import { createApp, type App } from "./app.tsx";

export const VERSION: string = pkg.version;

export type Booted = App & { deps: Deps; migrated: string[]; backup: string | null };

export function dataPaths(config: Config) {
  const d = config.dataDir;
  return {
    db: join(d, "wanmi.db"),
    media: join(d, "media"),
    reports: join(d, "reports"),
    backups: join(d, "backups"),
    secrets: join(d, "secrets"),
  };
}

/** Create the data directory layout and the secrets generated on first boot. */
export function prepareDataDir(config: Config) {
  const p = dataPaths(config);
  for (const dir of [config.dataDir, p.media, p.reports, p.backups, p.secrets])
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  // At rest: the data directory, secrets and backups 0700, their files 0600 (also repairs older installs).
  for (const dir of [config.dataDir, p.backups, p.secrets]) ownerOnly(dir, 0o700);
  for (const dir of [p.backups, p.secrets])
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isFile()) ownerOnly(join(dir, e.name));
  const keyFile = join(p.secrets, "app.key");
  if (!existsSync(keyFile))
    writeFileSync(keyFile, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex"), { mode: 0o600 });
  return { ...p, appKey: readFileSync(keyFile, "utf8").trim() };
}

export function openAndMigrate(config: Config): { db: Db; applied: string[]; backup: string | null } {
  const p = prepareDataDir(config);
  const db = openDb(p.db);
  const r = migrate(db, { backupDir: p.backups });
  return { db, applied: r.applied, backup: r.backup };
}

/** The worker pool on the app's database; the entry sits beside this file (and is a build entry point). */
export function workerPool(config: Config, dbPath: string): Pool {
  return new Pool({
    dbPath,
    workerUrl: new URL("./worker.ts", import.meta.url),
    workers: config.POOL_WORKERS,
    queue: config.POOL_QUEUE,
  });
}

export function boot(env: Record<string, string | undefined> = process.env): Booted {
  const config = parseConfig(env);
  const { db, applied, backup } = openAndMigrate(config);
  const scheduler = new Scheduler(db);
  const deps: Deps = { db, config, scheduler, bus: new Bus(), version: VERSION, pool: workerPool(config, db.path) };
  const app = createApp(deps);
  return { ...app, deps, migrated: applied, backup };
}
