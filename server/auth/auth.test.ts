import { test, expect, describe } from "bun:test";
import { testApp, Client, makeUser, TEST_PASSWORD } from "../testing/index.ts";
import { ROLES, type Role } from "../core/context.ts";
import { THROTTLE } from "./throttle.ts";

describe("sign-in and sign-out", () => {
  test("a user signs in, lands on the role's workbench, and signs out", async () => {
    const t = testApp();
    await makeUser(t, "disp_zhou", ["dispatcher"]);
    const c = new Client(t);
    const anon = await c.get("/workbench/dispatcher");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?next=%2Fworkbench%2Fdispatcher");
    const res = await c.login("disp_zhou");
    expect(res.headers.get("location")).toBe("/workbench/dispatcher");
    const sc = res.headers.getSetCookie().find((s) => s.startsWith("wanmi_sid="))!;
    expect(sc).toContain("HttpOnly");
    expect(sc).toContain("SameSite=Lax");
    const page = await c.get("/workbench/dispatcher");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("派遣员工作台");
    expect(html).toContain("disp_zhou");
    const out = await c.post("/logout");
    expect(out.status).toBe(303);
    expect((await c.get("/workbench/dispatcher")).status).toBe(302);
  });

  test("the session id is rotated at sign-in and the old one stops working", async () => {
    const t = testApp();
    await makeUser(t, "intake_qian", ["intake"]);
    const c = new Client(t);
    await c.login("intake_qian");
    const first = c.jar.get("wanmi_sid")!;
    await c.login("intake_qian");
    const second = c.jar.get("wanmi_sid")!;
    expect(second).not.toBe(first);
    const stale = new Client(t);
    stale.jar.set("wanmi_sid", first);
    expect((await stale.get("/workbench/intake")).status).toBe(302);
    expect((t.deps.db.sqlite.query("SELECT count(*) AS n FROM sessions").get() as any).n).toBe(1);
  });

  test("wrong password and unknown user get the same Chinese message", async () => {
    const t = testApp();
    await makeUser(t, "leader_li", ["leader"]);
    const c = new Client(t);
    const a = await c.post("/login", { username: "leader_li", password: "nope-nope" });
    const b = await c.post("/login", { username: "nobody", password: "nope-nope" });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(await a.text()).toContain("用户名或密码不正确");
    expect(await b.text()).toContain("用户名或密码不正确");
  });

  test("a disabled user cannot sign in and loses open sessions", async () => {
    const t = testApp();
    const id = await makeUser(t, "hot_sun", ["hotline"]);
    const c = new Client(t);
    await c.login("hot_sun");
    const { saveUser } = await import("./verbs/save-user.ts");
    saveUser(
      t.deps.db,
      { kind: "system", job: "t" },
      { username: "hot_sun", name: "hot_sun", roles: ["hotline"], active: false },
      id,
    );
    expect((await c.get("/workbench/hotline")).status).toBe(302);
    const again = await new Client(t).post("/login", { username: "hot_sun", password: TEST_PASSWORD });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("已停用");
  });

  test("passwords are stored as argon2id hashes", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    const row = t.deps.db.sqlite.query("SELECT password_hash FROM users WHERE username='adm'").get() as any;
    expect(row.password_hash).toStartWith("$argon2id$");
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });
});

describe("CSRF", () => {
  test("a state-changing request without the token is refused and changes nothing", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    const c = new Client(t);
    await c.login("adm");
    const noToken = await c.post(
      "/admin/departments",
      { code: "X1", name: "水务局", level: "county" },
      { csrf: false },
    );
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get("x-error-code")).toBe("auth.csrf");
    const wrong = await c.post(
      "/admin/departments",
      { code: "X1", name: "水务局", level: "county" },
      { csrf: "forged-token-forged-token" },
    );
    expect(wrong.status).toBe(403);
    expect((t.deps.db.sqlite.query("SELECT count(*) AS n FROM departments").get() as any).n).toBe(0);
    const ok = await c.post("/admin/departments", { code: "X1", name: "水务局", level: "county" });
    expect(ok.status).toBe(303);
    expect((t.deps.db.sqlite.query("SELECT count(*) AS n FROM departments").get() as any).n).toBe(1);
  });

  test("htmx requests may carry the token in the X-CSRF-Token header", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    const c = new Client(t);
    await c.login("adm");
    const res = await c.request("/admin/jobs/sessions.cleanup/run", {
      method: "POST",
      headers: { "x-csrf-token": c.jar.get("wanmi_csrf")!, "hx-request": "true" },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("sessions.cleanup");
  });

  test("the sign-in form itself needs the token (login CSRF)", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    const res = await new Client(t).post("/login", { username: "adm", password: TEST_PASSWORD }, { csrf: false });
    expect(res.status).toBe(403);
  });
});

describe("roles", () => {
  test("every route declares its access, and every role-restricted route refuses each other role with 403", async () => {
    const t = testApp();
    const clients = new Map<Role, Client>();
    for (const role of ROLES) {
      await makeUser(t, `u_${role}`, [role]);
      const c = new Client(t);
      await c.login(`u_${role}`);
      clients.set(role, c);
    }
    const restricted = t.router.table.filter((r) => Array.isArray(r.access));
    expect(restricted.length).toBeGreaterThan(10);
    const answers: { route: string; as: Role; status: number }[] = [];
    for (const r of restricted) {
      const allowed = r.access as readonly Role[];
      const path = r.path.replace(/:[a-zA-Z]+(\{[^}]*\})?/g, "1");
      for (const wrong of ROLES.filter((x) => !allowed.includes(x))) {
        const c = clients.get(wrong)!;
        const res =
          r.method === "GET"
            ? await c.get(path)
            : await c.request(path, {
                method: r.method,
                headers: {
                  "x-csrf-token": c.jar.get("wanmi_csrf")!,
                  "content-type": "application/x-www-form-urlencoded",
                },
                body: "",
              });
        answers.push({ route: `${r.method} ${r.path}`, as: wrong, status: res.status });
      }
    }
    expect(answers.filter((a) => a.status !== 403)).toEqual([]);
    // every (route, role not allowed on it) pair was tried, one request each
    const pairs = restricted.reduce(
      (n, r) => n + ROLES.filter((x) => !(r.access as readonly Role[]).includes(x)).length,
      0,
    );
    expect(answers.length).toBe(pairs);
    expect(pairs).toBeGreaterThan(restricted.length);
  });

  test("an allowed role gets through where the wrong one is refused", async () => {
    const t = testApp();
    await makeUser(t, "adm", ["admin"]);
    await makeUser(t, "ldr", ["leader"]);
    const a = new Client(t);
    await a.login("adm");
    const l = new Client(t);
    await l.login("ldr");
    expect((await a.get("/admin/users")).status).toBe(200);
    const refused = await l.get("/admin/users");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("无权");
  });
});

describe("throttling", () => {
  test(`after ${THROTTLE.perUser} failures the account is locked even with the right password`, async () => {
    const t = testApp();
    await makeUser(t, "insp_wang", ["inspector"]);
    const c = new Client(t);
    for (let i = 0; i < THROTTLE.perUser; i++) {
      expect((await c.post("/login", { username: "insp_wang", password: "wrong-" + i })).status).toBe(401);
    }
    const locked = await c.post("/login", { username: "insp_wang", password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/登录失败次数过多，请 \d+ 分钟后再试/);
    // another account from another address is not affected
    await makeUser(t, "insp_li", ["inspector"]);
    expect(
      (await new Client(t, "10.9.9.9").post("/login", { username: "insp_li", password: TEST_PASSWORD })).status,
    ).toBe(303);
  });

  test("one address trying many accounts is locked too", async () => {
    const t = testApp();
    await makeUser(t, "victim", ["leader"]);
    const c = new Client(t, "10.6.6.6");
    for (let i = 0; i < THROTTLE.perIp; i++) await c.post("/login", { username: `guess${i}`, password: "x" });
    expect((await c.post("/login", { username: "victim", password: TEST_PASSWORD })).status).toBe(429);
    expect(
      (await new Client(t, "10.7.7.7").post("/login", { username: "victim", password: TEST_PASSWORD })).status,
    ).toBe(303);
  });
});

describe("first run", () => {
  test("with no users every page leads to /setup, which creates the first administrator once", async () => {
    const t = testApp();
    const c = new Client(t);
    expect((await c.get("/login")).headers.get("location")).toBe("/setup");
    const mismatch = await c.post("/setup", {
      username: "root",
      name: "管理员",
      password: "Kq8-first-run",
      password2: "different1",
    });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain("两次输入的密码不一致");
    const short = await c.post("/setup", { username: "root", name: "管理员", password: "short", password2: "short" });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("密码至少 10 位");
    const ok = await c.post("/setup", {
      username: "root",
      name: "管理员",
      password: "Kq8-first-run",
      password2: "Kq8-first-run",
    });
    expect(ok.status).toBe(303);
    const again = await c.post("/setup", {
      username: "root2",
      name: "x",
      password: "Kq8-first-run",
      password2: "Kq8-first-run",
    });
    expect(again.status).toBe(403);
    const res = await c.post("/login", { username: "root", password: "Kq8-first-run" });
    expect(res.headers.get("location")).toBe("/workbench/admin");
  });
});
