import { test, expect, describe } from "bun:test";
import { mkdirSync, writeFileSync, readFileSync, existsSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { testApp, tempDir, makeUser, Client } from "../testing/index.ts";
import {
  createBackup,
  restoreBackup,
  verifyBackup,
  retentionPlan,
  listBackups,
  PID_FILE,
  applyRetention,
} from "./backup.ts";
import { setSetting } from "../core/settings.ts";

function dump(path: string) {
  const db = new Database(path, { readonly: true });
  const out: Record<string, string[]> = {};
  for (const { name } of db
    .query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[])
    out[name] = (db.query(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  db.close();
  return out;
}

async function seeded() {
  const t = testApp();
  await makeUser(t, "alice", ["admin"]);
  await makeUser(t, "bob", ["inspector"]);
  setSetting(t.deps.db, "county.name", "测试县");
  t.deps.db.sqlite.run(
    "INSERT INTO departments (code, name, level, created_at, updated_at) VALUES ('D1', '城管局', 'county', 'x', 'x')",
  );
  const media = join(t.dir, "media");
  mkdirSync(join(media, "2026", "11"), { recursive: true });
  writeFileSync(join(media, "2026", "11", "a b.jpg"), Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
  writeFileSync(join(media, "2026", "11", "照片.png"), "png-bytes");
  return t;
}

describe("backup and restore", () => {
  test("a restored backup has every table row for row and every media file byte for byte", async () => {
    const t = await seeded();
    const backups = join(t.dir, "backups");
    const file = await createBackup(
      t.deps.db,
      { dataDir: t.dir, backups, media: join(t.dir, "media") },
      { version: "test" },
    );
    expect(existsSync(file + ".sha256")).toBe(true);
    const before = dump(t.deps.db.path);
    expect(Object.keys(before)).toContain("users");
    expect(before.users!.length).toBe(2);
    expect(before.security_log!.length).toBeGreaterThan(0);

    // a write after the backup must not be in the restored copy
    await makeUser(t, "carol", ["leader"]);

    const target = tempDir("wanmi-restore-");
    const r = await restoreBackup(file, target);
    expect(r.manifest.media.map((m) => m.path).sort()).toEqual(["2026/11/a b.jpg", "2026/11/照片.png"]);
    const after = dump(join(target, "wanmi.db"));
    expect(after).toEqual(before);
    expect(after.users!.some((u) => u.includes("carol"))).toBe(false);
    expect([...readFileSync(join(target, "media", "2026", "11", "a b.jpg"))]).toEqual([0xff, 0xd8, 0xff, 1, 2, 3]);
    expect(readFileSync(join(target, "media", "2026", "11", "照片.png"), "utf8")).toBe("png-bytes");
  });

  test("restore keeps the current data aside instead of deleting it", async () => {
    const t = await seeded();
    const backups = join(t.dir, "backups");
    const file = await createBackup(
      t.deps.db,
      { dataDir: t.dir, backups, media: join(t.dir, "media") },
      { version: "test" },
    );
    const target = tempDir("wanmi-restore-");
    writeFileSync(join(target, "wanmi.db"), "old database");
    const r = await restoreBackup(file, target);
    expect(readFileSync(join(r.keptAside, "wanmi.db"), "utf8")).toBe("old database");
    expect(existsSync(join(target, PID_FILE))).toBe(false);
  });

  test("restore refuses while a server holds the data directory, and changes nothing", async () => {
    const t = await seeded();
    const file = await createBackup(
      t.deps.db,
      { dataDir: t.dir, backups: join(t.dir, "backups"), media: join(t.dir, "media") },
      { version: "test" },
    );
    const target = tempDir("wanmi-restore-");
    writeFileSync(join(target, "wanmi.db"), "live database");
    const sleeper = Bun.spawn(["sleep", "30"]);
    try {
      writeFileSync(join(target, PID_FILE), String(sleeper.pid));
      await expect(restoreBackup(file, target)).rejects.toThrow(/正在运行（PID \d+）/);
      expect(readFileSync(join(target, "wanmi.db"), "utf8")).toBe("live database");
    } finally {
      sleeper.kill();
      await sleeper.exited;
    }
    // a stale pid file (process gone) does not block
    await restoreBackup(file, target);
    expect(dump(join(target, "wanmi.db")).users!.length).toBe(2);
  });

  test("a tampered backup is refused before anything is replaced", async () => {
    const t = await seeded();
    const file = await createBackup(
      t.deps.db,
      { dataDir: t.dir, backups: join(t.dir, "backups"), media: join(t.dir, "media") },
      { version: "test" },
    );
    appendFileSync(file, "x");
    const target = tempDir("wanmi-restore-");
    writeFileSync(join(target, "wanmi.db"), "current");
    await expect(restoreBackup(file, target)).rejects.toThrow(/校验和不符/);
    expect(readFileSync(join(target, "wanmi.db"), "utf8")).toBe("current");
    await expect(verifyBackup(file, target)).rejects.toThrow(/校验和不符/);
  });

  test("retention keeps 7 daily, 4 weekly and 12 monthly backups", () => {
    const names: string[] = [];
    const start = Date.UTC(2026, 0, 1);
    for (let d = 0; d < 400; d++) {
      const day = new Date(start + d * 86400_000).toISOString().slice(0, 10).replace(/-/g, "");
      names.push(`wanmi-${day}-023000.tar`);
    }
    const { keep, drop } = retentionPlan(names);
    expect(keep.length + drop.length).toBe(400);
    // newest 7 days
    for (const n of names.slice(-7)) expect(keep).toContain(n);
    // one per month for 12 months: 2026-02 … 2027-01 (newest of each month), plus weeks
    const months = new Set(keep.map((k) => k.slice(6, 12)));
    expect(months.size).toBe(12);
    expect(keep).toContain("wanmi-20260831-023000.tar");
    expect(keep).not.toContain("wanmi-20260101-023000.tar"); // 13th month back
    expect(keep.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(keep.length).toBeGreaterThanOrEqual(12 + 4);
  });

  test("the backup page lists backups with download links; downloads are logged; others get 403", async () => {
    const t = await seeded();
    const c = new Client(t);
    await c.login("alice");
    const res = await c.post("/admin/backups");
    expect(res.status).toBe(303);
    const list = listBackups(join(t.dir, "backups"));
    expect(list.length).toBe(1);
    const html = await (await c.get("/admin/backups")).text();
    expect(html).toContain(list[0]!.name);
    expect(html).toContain(`/admin/backups/${list[0]!.name}`);
    const dl = await c.get(`/admin/backups/${list[0]!.name}`);
    expect(dl.status).toBe(200);
    expect(new Uint8Array(await dl.arrayBuffer()).length).toBe(list[0]!.bytes);
    const sum = await (await c.get(`/admin/backups/${list[0]!.name}.sha256`)).text();
    expect(sum.split(/\s+/)[0]).toBe(list[0]!.sha256!);
    expect((await c.get(`/admin/backups/..%2Fwanmi.db`)).status).toBe(404);
    const log = t.deps.db.sqlite
      .query("SELECT kind, actor FROM security_log WHERE kind IN ('backup','export') ORDER BY id")
      .all();
    expect(log).toEqual([
      { kind: "backup", actor: "alice" },
      { kind: "export", actor: "alice" },
    ]);
    const b = new Client(t, "10.0.0.2");
    await b.login("bob");
    expect((await b.get(`/admin/backups/${list[0]!.name}`)).status).toBe(403);
  });

  test("the nightly job is registered, runs and applies retention", async () => {
    const t = await seeded();
    expect(t.deps.scheduler.list().some((j) => j.name === "ops.backup")).toBe(true);
    const backups = join(t.dir, "backups");
    mkdirSync(backups, { recursive: true });
    // 20 old monthly backups, 2019-01 … 2020-08: with tonight's, 21 months hold backups
    for (let m = 0; m < 20; m++) {
      const y = 2019 + Math.floor(m / 12);
      writeFileSync(join(backups, `wanmi-${y}${String((m % 12) + 1).padStart(2, "0")}15-023000.tar`), "old");
    }
    const run = await t.deps.scheduler.runNow("ops.backup", "manual");
    expect(run.status).toBe("ok");
    // 12 monthly kept (tonight + 2019-10 … 2020-08), the 9 oldest months dropped
    expect(existsSync(join(backups, "wanmi-20190915-023000.tar"))).toBe(false);
    expect(existsSync(join(backups, "wanmi-20191015-023000.tar"))).toBe(true);
    expect(run.message).toContain("wanmi-20190115-023000.tar");
    expect(listBackups(backups).length).toBe(12);
    expect(applyRetention(backups)).toEqual([]);
  });
});
