import { test, expect } from "bun:test";
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../testing/index.ts";
import { parseConfig } from "../core/config.ts";
import { openAndMigrate } from "../boot.ts";
import { createBackup } from "./backup.ts";

const mode = (p: string) => statSync(p).mode & 0o777;

test("files at rest: data directory, secrets and backups 0700; database, backups and secrets 0600", async () => {
  const dir = join(tempDir(), "data");
  // an older install laid out with a permissive umask
  for (const d of [dir, join(dir, "secrets"), join(dir, "backups")]) mkdirSync(d, { recursive: true, mode: 0o755 });
  for (const f of [join(dir, "secrets", "app.key"), join(dir, "backups", "old.tar")]) {
    writeFileSync(f, "abcd");
    chmodSync(f, 0o644);
  }
  const { db } = openAndMigrate(parseConfig({ DATA_DIR: dir, SCHEDULER: "0" }));
  try {
    for (const d of [dir, join(dir, "secrets"), join(dir, "backups")]) expect([d, mode(d)]).toEqual([d, 0o700]);
    const files = [db.path, `${db.path}-wal`, `${db.path}-shm`].filter(existsSync);
    expect(files.length).toBeGreaterThanOrEqual(2);
    files.push(join(dir, "secrets", "app.key"), join(dir, "backups", "old.tar"));
    const tar = await createBackup(
      db,
      { dataDir: dir, backups: join(dir, "backups"), media: join(dir, "media") },
      { version: "test" },
    );
    files.push(tar, `${tar}.sha256`);
    for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600]);
  } finally {
    db.sqlite.close();
  }
});
