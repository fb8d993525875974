import { test, expect, describe } from "bun:test";
import { join } from "node:path";
import { writeFileSync, mkdirSync } from "node:fs";
import { testApp, makeUser, Client, tempDir } from "../testing/index.ts";
import { openDb } from "../core/db.ts";
import { migrate, migrationLevel, MIGRATIONS, MigrationError } from "../core/migrate.ts";
import { createApp } from "../app.tsx";
import { Scheduler } from "../core/scheduler.ts";
import { Bus } from "../core/bus.ts";
import { parseConfig } from "../core/config.ts";
import { workerPool } from "../boot.ts";
import { setLogSink, setLogLevel } from "./log.ts";
import { setAmiConnected } from "./metrics.ts";
import { runChecks, formatReport } from "./check.ts";
import { createBackup } from "./backup.ts";
import { CSP } from "./middleware.ts";

describe("monitoring", () => {
  test("every response carries a request id; a sane incoming one is kept, a hostile one replaced", async () => {
    const t = testApp();
    const a = await t.app.request("/healthz");
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const b = await t.app.request("/healthz", { headers: { "x-request-id": "lb-1234" } });
    expect(b.headers.get("x-request-id")).toBe("lb-1234");
    const c = await t.app.request("/healthz", { headers: { "x-request-id": "<script>\n" } });
    expect(c.headers.get("x-request-id")).not.toContain("<");
  });

  test("access logs are one JSON object per line with the request id, route and user", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    const lines: string[] = [];
    const prev = setLogSink((l) => lines.push(l));
    setLogLevel("info");
    try {
      const c = new Client(t);
      await c.login("adm");
      await c.get("/admin/users/7", { "x-request-id": "req-42" });
    } finally {
      setLogSink(prev);
      setLogLevel("warn");
    }
    const recs = lines.map((l) => JSON.parse(l));
    const r = recs.find((x) => x.rid === "req-42")!;
    expect(r).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      path: "/admin/users/7",
      route: "/admin/users/:id",
      status: 404,
      user: "adm",
    });
    expect(typeof r.ms).toBe("number");
  });

  test("/metrics exports requests by route and status, latency, jobs, AMI state and backup age", async () => {
    const t = testApp();
    await t.app.request("/healthz");
    await t.app.request("/login");
    await t.app.request("/nope");
    await t.deps.scheduler.runNow("sessions.cleanup", "manual");
    let m = await (await t.app.request("/metrics")).text();
    expect(m).toContain('wanmi_http_requests_total{method="GET",route="/login",status="302"} 1');
    expect(m).toContain('wanmi_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(m).toContain('wanmi_http_request_duration_seconds_count{method="GET",route="/login"} 1');
    expect(m).toContain('wanmi_job_runs_total{job="sessions.cleanup",status="ok"} 1');
    expect(m).toContain("wanmi_backup_age_seconds -1");
    await createBackup(
      t.deps.db,
      { dataDir: t.dir, backups: join(t.dir, "backups"), media: join(t.dir, "media") },
      { version: "t" },
    );
    setAmiConnected(true);
    m = await (await t.app.request("/metrics")).text();
    expect(m).toMatch(/wanmi_backup_age_seconds [0-9]\n/);
    expect(m).toContain("wanmi_ami_connected 1");
    setAmiConnected(false);
    // cases gauges appear once the cases table exists
    t.deps.db.sqlite.run(`INSERT INTO cases (no, source, state, description, due_at, created_at, updated_at) VALUES
      ('A1', 'inspector', 'dispatched', 'x', '2000-01-01T00:00:00Z', 'x', 'x'), ('A2', 'inspector', 'dispatched', 'x', '2999-01-01T00:00:00Z', 'x', 'x'),
      ('A3', 'inspector', 'closed', 'x', '2000-01-01T00:00:00Z', 'x', 'x')`);
    m = await (await t.app.request("/metrics")).text();
    expect(m).toContain('wanmi_cases_open{state="dispatched"} 2');
    expect(m).toContain("wanmi_cases_overdue 1");
    expect(m).not.toContain('wanmi_cases_open{state="closed"}');
  });

  test("/metrics from another machine needs the bearer token", async () => {
    const t = testApp();
    // app.request() has no socket, so the test client's x-forwarded-for stands for the address
    const far = { "x-forwarded-for": "203.0.113.5", accept: "application/json" };
    expect((await t.app.request("/metrics", { headers: far })).status).toBe(403);
    t.deps.db.sqlite.run(
      "INSERT INTO settings (key, value, updated_at) VALUES ('ops.metrics_token', 's3cret-token', 'x')",
    );
    expect((await t.app.request("/metrics", { headers: { ...far, authorization: "Bearer wrong" } })).status).toBe(403);
    expect(
      (await t.app.request("/metrics", { headers: { ...far, authorization: "Bearer s3cret-token" } })).status,
    ).toBe(200);
  });

  test("security headers: CSP without inline script, frame-ancestors, nosniff", async () => {
    const t = testApp();
    const r = await t.app.request("/login");
    const csp = r.headers.get("content-security-policy")!;
    expect(csp).toBe(CSP);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await r.text();
    // no inline <script> bodies in the page: every script has a src
    expect([...html.matchAll(/<script\b([^>]*)>/g)].every((m) => /\bsrc=/.test(m[1]!))).toBe(true);
  });

  test("the jobs page shows each job's failures and the last error", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    t.deps.scheduler.register({
      name: "test.boom",
      title: "会失败的任务",
      cron: "0 0 * * *",
      run: () => {
        throw new Error("磁盘已满 boom");
      },
    });
    await t.deps.scheduler.runNow("test.boom", "manual");
    const c = new Client(t);
    await c.login("adm");
    const html = await (await c.get("/admin/jobs")).text();
    expect(html).toContain("近 7 天运行情况");
    expect(html).toContain("磁盘已满 boom");
  });
});

describe("wanmi check", () => {
  test("a healthy data directory reports no failures; a missing media file and a tampered migration are reported", async () => {
    const t = testApp();
    const env = { DATA_DIR: t.dir };
    let items = runChecks(env);
    expect(items.filter((i) => i.status === "fail")).toEqual([]);
    expect(items.find((i) => i.title.startsWith("数据库完整性"))!.status).toBe("ok");
    expect(items.find((i) => i.title === "数据库迁移")!.detail).toContain(`级别 ${migrationLevel(t.deps.db)}`);
    expect(items.find((i) => i.title === "备份")!.status).toBe("warn");
    // a case_media table referencing one present and one missing file
    t.deps.db.sqlite.run(
      "INSERT INTO cases (id, no, source, state, description, created_at, updated_at) VALUES (1, 'A1', 'inspector', 'reported', 'x', 'x', 'x')",
    );
    mkdirSync(join(t.dir, "media", "c"), { recursive: true });
    writeFileSync(join(t.dir, "media", "c", "ok.jpg"), "x");
    t.deps.db.sqlite.run(
      "INSERT INTO case_media (case_id, kind, path, mime, size, created_at) VALUES (1, 'before', 'c/ok.jpg', 'image/jpeg', 1, 'x'), (1, 'before', 'c/gone.jpg', 'image/jpeg', 1, 'x'), (1, 'before', '../../etc/passwd', 'image/jpeg', 1, 'x')",
    );
    t.deps.db.sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
    items = runChecks(env);
    const media = items.find((i) => i.title === "案件照片与附件")!;
    expect(media.status).toBe("fail");
    expect(media.detail).toContain("3 个文件中缺失 1 个、路径越界 1 个");
    expect(media.detail).toContain("c/gone.jpg");
    const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
    expect(runChecks(env, { migrations: edited }).find((i) => i.title === "数据库迁移")!.status).toBe("fail");
    const report = formatReport(items);
    expect(report).toContain("万米系统自检报告");
    expect(report).toContain("✘ 异常  案件照片与附件");
    expect(report).toMatch(/结论：发现 1 项异常/);
    expect(runChecks({ DATA_DIR: t.dir, PORT: "99999" })[0]).toMatchObject({ title: "配置", status: "fail" });
  });
});

describe("upgrade safety", () => {
  test("a failing migration leaves the database untouched and the old binary still runs it", async () => {
    const dir = tempDir();
    const path = join(dir, "wanmi.db");
    let db = openDb(path);
    migrate(db);
    const level = migrationLevel(db);
    db.sqlite.run(
      "INSERT INTO departments (code, name, level, created_at, updated_at) VALUES ('D1', '城管局', 'county', 'x', 'x')",
    );
    const schemaBefore = db.sqlite.query("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();
    // the "new binary" carries two migrations: a good one then a broken one
    const next = [
      ...MIGRATIONS,
      {
        id: 9998,
        name: "9998_add_column",
        sql: "ALTER TABLE departments ADD COLUMN note TEXT; UPDATE departments SET name = 'changed';",
        checksum: "a",
      },
      { id: 9999, name: "9999_broken", sql: "CREATE TABLE x (a); INSERT INTO nowhere VALUES (1);", checksum: "b" },
    ];
    expect(() => migrate(db, { backupDir: join(dir, "backups"), migrations: next })).toThrow(MigrationError);
    db.sqlite.close();
    // the old binary opens the same file: same level, same schema, same rows, and it serves
    db = openDb(path);
    expect(migrationLevel(db)).toBe(level);
    expect(db.sqlite.query("SELECT type, name, sql FROM sqlite_master ORDER BY name").all()).toEqual(schemaBefore);
    expect(db.sqlite.query("SELECT code, name FROM departments").all()).toEqual([{ code: "D1", name: "城管局" }]);
    expect(migrate(db).applied).toEqual([]);
    expect((db.sqlite.query("PRAGMA integrity_check").get() as any).integrity_check).toBe("ok");
    const config = parseConfig({ DATA_DIR: dir, SCHEDULER: "0" });
    const { app } = createApp({
      db,
      config,
      scheduler: new Scheduler(db),
      bus: new Bus(),
      version: "old",
      pool: workerPool(config, db.path),
    });
    const h = await (await app.request("/healthz")).json();
    expect(h).toMatchObject({ ok: true, migration: level, version: "old" });
  });
});
