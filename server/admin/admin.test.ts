import { test, expect } from "bun:test";
import { testApp, Client, makeUser } from "../testing/index.ts";

async function admin() {
  const t = testApp();
  await makeUser(t, "adm", ["admin"]);
  const c = new Client(t);
  await c.login("adm");
  return { t, c, q: (sql: string, ...a: any[]) => t.deps.db.sqlite.query(sql).all(...a) as any[] };
}

test("an administrator creates departments with levels and parents, and bad input keeps what was typed", async () => {
  const { c, q } = await admin();
  expect((await c.post("/admin/departments", { code: "CGZ", name: "城关镇分中心", level: "town" })).status).toBe(303);
  const town = q("SELECT id FROM departments WHERE code='CGZ'")[0].id;
  const noParent = await c.post("/admin/departments", { code: "CGZ-SR", name: "城关镇市容所", level: "unit" });
  expect(noParent.status).toBe(422);
  const body = await noParent.text();
  expect(body).toContain("三级处置单位必须选择上级部门");
  expect(body).toContain('value="城关镇市容所"');
  expect(
    (
      await c.post("/admin/departments", {
        code: "CGZ-SR",
        name: "城关镇市容所",
        level: "unit",
        parentId: String(town),
      })
    ).status,
  ).toBe(303);
  const dup = await c.post("/admin/departments", { code: "CGZ", name: "重复", level: "county" });
  expect(dup.status).toBe(409);
  expect(await dup.text()).toContain("部门编码「CGZ」已被使用");
  const unit = q("SELECT id FROM departments WHERE code='CGZ-SR'")[0].id;
  const cycle = await c.post(`/admin/departments/${town}`, {
    code: "CGZ",
    name: "城关镇分中心",
    level: "town",
    parentId: String(unit),
    active: "1",
  });
  expect(cycle.status).toBe(422);
  expect(q("SELECT code, level, parent_id FROM departments ORDER BY id")).toEqual([
    { code: "CGZ", level: "town", parent_id: null },
    { code: "CGZ-SR", level: "unit", parent_id: town },
  ]);
  expect(q("SELECT count(*) AS n FROM audit_log WHERE entity='department'")[0].n).toBe(2);
});

test("an administrator creates, edits and disables users with several roles", async () => {
  const { t, c, q } = await admin();
  expect((await c.post("/admin/departments", { code: "SWJ", name: "县水务局", level: "county" })).status).toBe(303);
  const dept = q("SELECT id FROM departments")[0].id;
  const bad = await c.post("/admin/users", { username: "a b", name: "", password: "123", roles: [] });
  expect(bad.status).toBe(422);
  const html = await bad.text();
  expect(html).toContain("用户名须为");
  expect(html).toContain("请填写姓名");
  const ok = await c.post("/admin/users", {
    username: "wu",
    name: "吴处置员",
    password: "Long-enough-7",
    roles: ["handler", "dispatcher"],
    departmentId: String(dept),
  });
  expect(ok.status).toBe(303);
  const id = q("SELECT id FROM users WHERE username='wu'")[0].id;
  expect(q("SELECT role FROM user_roles WHERE user_id=? ORDER BY role", id).map((r) => r.role)).toEqual([
    "dispatcher",
    "handler",
  ]);
  const list = await (await c.get("/admin/users")).text();
  expect(list).toContain("吴处置员");
  expect(list).toContain("派遣员、处置人员");
  const w = new Client(t, "10.1.1.1");
  await w.login("wu", "Long-enough-7");
  expect(
    (
      await c.post(`/admin/users/${id}`, {
        username: "wu",
        name: "吴处置员",
        roles: ["handler"],
        departmentId: String(dept),
      })
    ).status,
  ).toBe(303);
  expect(q("SELECT active FROM users WHERE id=?", id)[0].active).toBe(0);
  expect((await w.get("/workbench/handler")).status).toBe(302);
  const self = await c.post(`/admin/users/${q("SELECT id FROM users WHERE username='adm'")[0].id}`, {
    username: "adm",
    name: "adm",
    roles: ["leader"],
    active: "1",
  });
  expect(self.status).toBe(422);
  expect(await self.text()).toContain("不能停用自己");
});

test("the jobs page lists jobs and runs one now, recorded in job_runs", async () => {
  const { c, q } = await admin();
  expect(await (await c.get("/admin/jobs")).text()).toContain("清理过期会话与登录记录");
  const r = await c.post("/admin/jobs/sessions.cleanup/run");
  expect(r.status).toBe(303);
  expect(q("SELECT job, trigger, status, actor FROM job_runs")).toEqual([
    { job: "sessions.cleanup", trigger: "manual", status: "ok", actor: "adm" },
  ]);
  expect((await c.post("/admin/jobs/nope/run")).status).toBe(404);
});

test("healthz reports database, migration level and version", async () => {
  const t = testApp();
  const res = await t.app.request("/healthz");
  expect(res.status).toBe(200);
  const j = await res.json();
  expect(j.ok).toBe(true);
  expect(j.migration).toBeGreaterThanOrEqual(1);
  expect(j.version).toBe("test");
});

test("vendored htmx and CSS are served locally, gzip when asked", async () => {
  const t = testApp();
  const js = await t.app.request("/assets/htmx.min.js");
  expect(js.status).toBe(200);
  expect(js.headers.get("content-type")).toContain("javascript");
  expect((await js.text()).length).toBeGreaterThan(20000);
  const gz = await t.app.request("/assets/app.css", { headers: { "accept-encoding": "gzip" } });
  expect(gz.headers.get("content-encoding")).toBe("gzip");
  expect((await t.app.request("/assets/../package.json")).status).toBe(404);
});
