// The one place SQLite is opened. Pragmas are set here and nowhere else.
import { Database } from "bun:sqlite";
import { chmodSync, existsSync } from "node:fs";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { bigrams } from "./bigrams.ts";

export type Db = {
  sqlite: Database;
  orm: BunSQLiteDatabase;
  path: string;
  /** Callbacks queued by the running transaction, run after it commits. */
  afterCommit: (() => void)[];
};

/**
 * Open (or create) the database. `durable: false` (throwaway test databases only) keeps
 * synchronous = NORMAL: a killed process still loses nothing, only a power cut could.
 */
export function openDb(path: string, opts: { durable?: boolean } = {}): Db {
  const sqlite = new Database(path, { create: true, strict: true });
  ownerOnly(path); // before WAL: SQLite gives -wal and -shm the database file's mode
  sqlite.run("PRAGMA journal_mode = WAL");
  for (const f of [`${path}-wal`, `${path}-shm`]) ownerOnly(f);
  // FULL: an acknowledged commit is on disk even after a power cut (NORMAL in WAL may lose the last
  // commits). Costs little at county volumes: bench/sync-cost.ts prints inserts/s for both.
  sqlite.run(`PRAGMA synchronous = ${opts.durable === false ? "NORMAL" : "FULL"}`);
  sqlite.run("PRAGMA busy_timeout = 3000"); // blocks the event loop while waiting: keep short
  sqlite.run("PRAGMA foreign_keys = ON");
  sqlite.run("PRAGMA temp_store = MEMORY");
  sqlite.run("PRAGMA cache_size = -65536"); // 64 MiB
  // Used by the triggers that keep the 1–2 character search index (cases_bigram) in step.
  sqlite.function("wanmi_bigrams", { deterministic: true }, (text: unknown) =>
    bigrams(text == null ? null : String(text)),
  );
  return { sqlite, orm: drizzle({ client: sqlite }), path, afterCommit: [] };
}

/** Files at rest are for the service account only (0600); no-op for in-memory or missing files. */
export function ownerOnly(file: string, mode = 0o600) {
  if (file !== ":memory:" && file !== "" && existsSync(file)) chmodSync(file, mode);
}

/** A read-only connection for a pool worker (server/core/pool.ts): same reads, no writes, no pragmas that write. */
export function openReadOnlyDb(path: string): Db {
  const sqlite = new Database(path, { readonly: true, strict: true });
  sqlite.run("PRAGMA busy_timeout = 3000");
  sqlite.run("PRAGMA temp_store = MEMORY");
  sqlite.run("PRAGMA cache_size = -32768"); // 32 MiB per worker
  sqlite.function("wanmi_bigrams", { deterministic: true }, (text: unknown) =>
    bigrams(text == null ? null : String(text)),
  );
  return { sqlite, orm: drizzle({ client: sqlite }), path, afterCommit: [] };
}

/**
 * Run fn in one IMMEDIATE transaction (takes the write lock up front, so two writers
 * never deadlock on upgrade). Nested calls reuse the outer transaction.
 * Callbacks registered with onCommit() run after the outermost commit.
 */
export function tx<T>(db: Db, fn: () => T): T {
  if (db.sqlite.inTransaction) return fn();
  db.sqlite.run("BEGIN IMMEDIATE");
  let result: T;
  try {
    result = fn();
    if (result instanceof Promise) throw new Error("tx(): fn must be synchronous");
    db.sqlite.run("COMMIT");
  } catch (e) {
    if (db.sqlite.inTransaction) db.sqlite.run("ROLLBACK");
    db.afterCommit.length = 0;
    throw e;
  }
  const queued = db.afterCommit.splice(0);
  for (const f of queued) {
    try {
      f();
    } catch (e) {
      console.error("after-commit callback failed:", e);
    }
  }
  return result;
}

/** Queue work (SSE, notifications) to run only if the current transaction commits. */
export function onCommit(db: Db, f: () => void) {
  if (db.sqlite.inTransaction) db.afterCommit.push(f);
  else f();
}

export const nowIso = () => new Date().toISOString();
