import { test, expect, describe } from "bun:test";
import { testApp, makeUser, Client, TEST_PASSWORD } from "../testing/index.ts";
import { setSetting } from "../core/settings.ts";
import { ROLES } from "../core/context.ts";
import { passwordProblems, passwordExpired } from "./policy.ts";
import { listSecurityLog } from "./log.ts";

describe("roles", () => {
  test("security_admin and auditor can be stored (user_roles rebuilt) and land on their workbenches", async () => {
    const t = testApp();
    expect(ROLES).toContain("security_admin");
    expect(ROLES).toContain("auditor");
    await makeUser(t, "sec", ["security_admin"]);
    await makeUser(t, "aud", ["auditor"]);
    const roles = t.deps.db.sqlite
      .query("SELECT u.username, r.role FROM user_roles r JOIN users u ON u.id = r.user_id ORDER BY u.username")
      .all();
    expect(roles).toEqual([
      { username: "aud", role: "auditor" },
      { username: "sec", role: "security_admin" },
    ]);
    expect(() => t.deps.db.sqlite.run("INSERT INTO user_roles (user_id, role) VALUES (1, 'superuser')")).toThrow(
      /CHECK/,
    );
    const c = new Client(t);
    const res = await c.login("aud");
    expect(res.headers.get("location")).toBe("/workbench/auditor");
    expect((await c.get("/workbench/auditor")).status).toBe(200);
  });

  test("only the auditor reads the security log; only the security admin edits security settings", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    await makeUser(t, "sec", ["security_admin"]);
    await makeUser(t, "aud", ["auditor"]);
    const a = new Client(t, "10.0.0.1");
    await a.login("adm");
    expect((await a.get("/security/log")).status).toBe(403);
    expect((await a.get("/security/log.csv")).status).toBe(403);
    expect((await a.get("/security/settings")).status).toBe(403);
    const s = new Client(t, "10.0.0.2");
    await s.login("sec");
    expect((await s.get("/security/settings")).status).toBe(200);
    expect((await s.get("/security/log")).status).toBe(403);
    const u = new Client(t, "10.0.0.3");
    await u.login("aud");
    expect((await u.get("/security/log")).status).toBe(200);
    expect((await u.get("/admin/users")).status).toBe(403);
  });
});

describe("the security log", () => {
  test("records sign-ins (ok and failed, with the address), permission and configuration changes", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    await makeUser(t, "sec", ["security_admin"]);
    const bob = await makeUser(t, "bob", ["inspector"]);
    const x = new Client(t, "192.0.2.7");
    await x.post("/login", { username: "adm", password: "wrong-password" });
    const a = new Client(t, "192.0.2.8");
    await a.login("adm");
    // permission change: bob becomes dispatcher
    const res = await a.post(`/admin/users/${bob}`, {
      username: "bob",
      name: "bob",
      roles: ["dispatcher"],
      active: "1",
    });
    expect(res.status).toBe(303);
    const s = new Client(t, "192.0.2.9");
    await s.login("sec");
    expect(
      (
        await s.post("/security/settings", {
          minLength: "12",
          classes: "4",
          maxAgeDays: "90",
          lockFailures: "5",
          lockFailuresPerIp: "20",
          lockMinutes: "15",
          idleMinutes: "30",
        })
      ).status,
    ).toBe(303);

    const rows = t.deps.db.sqlite
      .query(
        "SELECT kind, outcome, actor, username, ip, entity, entity_id, before, after FROM security_log ORDER BY id",
      )
      .all() as any[];
    const signins = rows.filter((r) => r.kind === "signin");
    expect(signins.map((r) => [r.username, r.outcome, r.ip])).toEqual([
      ["adm", "fail", "192.0.2.7"],
      ["adm", "ok", "192.0.2.8"],
      ["sec", "ok", "192.0.2.9"],
    ]);
    const perm = rows.find((r) => r.kind === "permission" && r.entity_id === String(bob) && r.actor === "adm")!;
    expect(JSON.parse(perm.before).roles).toEqual(["inspector"]);
    expect(JSON.parse(perm.after).roles).toEqual(["dispatcher"]);
    expect(perm.ip).toBe("192.0.2.8");
    const cfg = rows.filter((r) => r.kind === "config");
    expect(cfg.map((r) => [r.entity_id, r.before, r.after, r.actor, r.ip])).toEqual([
      ["security.password.min_length", "10", "12", "sec", "192.0.2.9"],
      ["security.password.classes", "3", "4", "sec", "192.0.2.9"],
    ]);
  });

  test("is append-only: UPDATE and DELETE are refused by the database", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    await new Client(t).login("adm");
    const db = t.deps.db.sqlite;
    const n = (db.query("SELECT count(*) AS n FROM security_log WHERE kind = 'signin'").get() as any).n;
    expect(n).toBe(1);
    expect(() => db.run("UPDATE security_log SET outcome = 'fail'")).toThrow(/append-only/);
    expect(() => db.run("DELETE FROM security_log")).toThrow(/append-only/);
    expect((db.query("SELECT outcome FROM security_log WHERE kind = 'signin'").get() as any).outcome).toBe("ok");
  });

  test("the auditor exports it as CSV (Excel-safe), and the export itself is logged", async () => {
    const t = testApp();
    await makeUser(t, "aud", ["auditor"]);
    const evil = new Client(t, "198.51.100.1");
    await evil.post("/login", { username: '=HYPERLINK("x")', password: "nope" });
    const c = new Client(t, "198.51.100.2");
    await c.login("aud");
    const res = await c.get("/security/log.csv?kind=signin");
    expect(res.headers.get("content-type")).toContain("text/csv");
    const csv = await res.text();
    const lines = csv
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toStartWith('"编号","时间(UTC)","类别"');
    expect(lines.length).toBe(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain('"aud"');
    expect(lines[2]).toContain('"198.51.100.2"');
    expect(listSecurityLog(t.deps.db, { kind: "export" }).rows[0]!.actor).toBe("aud");
  });
});

describe("password policy, expiry, lockout and idle timeout", () => {
  test("the policy follows the settings", () => {
    const t = testApp();
    setSetting(t.deps.db, "security.password.min_length", "8");
    setSetting(t.deps.db, "security.password.classes", "2");
    expect(passwordProblems(t.deps.db, "kqzbtrw1")).toEqual([]);
    setSetting(t.deps.db, "security.password.min_length", "10");
    setSetting(t.deps.db, "security.password.classes", "3");
    expect(passwordProblems(t.deps.db, "kqzbtrw1")).toEqual([
      "密码至少 10 位",
      "密码须包含小写字母、大写字母、数字、符号中的至少 3 类",
    ]);
    expect(passwordProblems(t.deps.db, "Kqzbtrwvx12")).toEqual([]);
    expect(passwordProblems(t.deps.db, "Xalice-2026", "alice")).toEqual(["密码不能包含用户名"]);
  });

  test("an administrator cannot set a password that breaks the policy", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    setSetting(t.deps.db, "security.password.classes", "3");
    const c = new Client(t);
    await c.login("adm");
    const res = await c.post("/admin/users", {
      username: "weak",
      name: "弱",
      roles: ["inspector"],
      password: "abcdefgh",
      active: "1",
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("至少 3 类");
    expect(t.deps.db.sqlite.query("SELECT 1 FROM users WHERE username = 'weak'").get()).toBeNull();
  });

  test("an expired password must be changed before anything else", async () => {
    const t = testApp();
    const id = await makeUser(t, "old", ["leader"]);
    t.deps.db.sqlite
      .query("UPDATE users SET password_changed_at = ? WHERE id = ?")
      .run(new Date(Date.now() - 91 * 86400_000).toISOString(), id);
    expect(passwordExpired(t.deps.db, id)).toBe(true);
    const c = new Client(t);
    await c.login("old");
    const r = await c.get("/workbench/leader");
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/account/password?expired=1");
    const bad = await c.post("/account/password", { current: TEST_PASSWORD, password: "short", password2: "short" });
    expect(bad.status).toBe(422);
    const ok = await c.post("/account/password", {
      current: TEST_PASSWORD,
      password: "New-pass-2026",
      password2: "New-pass-2026",
    });
    expect(ok.status).toBe(303);
    expect(passwordExpired(t.deps.db, id)).toBe(false);
    expect((await c.get("/workbench/leader")).status).toBe(200);
    expect(listSecurityLog(t.deps.db, { kind: "password" }).rows.map((r) => r.outcome)).toEqual(["ok"]);
    setSetting(t.deps.db, "security.password.max_age_days", "0");
    t.deps.db.sqlite.query("UPDATE users SET password_changed_at = '2000-01-01T00:00:00Z' WHERE id = ?").run(id);
    expect(passwordExpired(t.deps.db, id)).toBe(false);
  });

  test("lockout thresholds are settings", async () => {
    const t = testApp();
    await makeUser(t, "u1", ["leader"]);
    setSetting(t.deps.db, "security.lockout.failures", "3");
    const c = new Client(t);
    for (let i = 0; i < 3; i++) await c.post("/login", { username: "u1", password: "wrong" });
    const r = await c.post("/login", { username: "u1", password: TEST_PASSWORD });
    expect(r.status).toBe(429);
    expect(await r.text()).toContain("登录失败次数过多");
  });

  test("a session idle longer than the setting is ended and logged", async () => {
    const t = testApp();
    await makeUser(t, "idle", ["leader"]);
    setSetting(t.deps.db, "security.session.idle_minutes", "15");
    const c = new Client(t);
    await c.login("idle");
    expect((await c.get("/workbench/leader")).status).toBe(200);
    t.deps.db.sqlite.run(`UPDATE sessions SET last_seen = '${new Date(Date.now() - 16 * 60_000).toISOString()}'`);
    const r = await c.get("/workbench/leader");
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toStartWith("/login");
    expect((t.deps.db.sqlite.query("SELECT count(*) AS n FROM sessions").get() as any).n).toBe(0);
    expect(listSecurityLog(t.deps.db, { kind: "signout" }).rows[0]!.detail).toContain("空闲超过 15 分钟");
  });
});
