import { test, expect } from "bun:test";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { openDb } from "./db.ts";

test("the database acknowledges a commit only once it is on disk (synchronous = FULL, WAL)", () => {
  const dir = mkdtempSync(join(tmpdir(), "wanmi-db-"));
  try {
    const db = openDb(join(dir, "t.db"));
    expect(db.sqlite.query("PRAGMA synchronous").get()).toEqual({ synchronous: 2 });
    expect(db.sqlite.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
