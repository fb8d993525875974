// The legacy edition stays readable: the 2007 → 2026 mapping table (seeded by name, editable),
// the one-action migration of routing rules and component classes with preview and a report of
// what could not be mapped, legacy cases labelled with their edition, and Open311 services
// covering every service_code a published request carries.
import { describe, test, expect, beforeAll } from "bun:test";
import { testApp, Client, makeUser, type TestApp } from "../testing/index.ts";
import { world, type World } from "../cases/fixtures.ts";
import { createCase } from "../cases/index.ts";

const OLD = "CJ/T 214-2007";
const NEW = "GB/T 47678.5-2026";
let t: TestApp;
let w: World;
let admin: Client;
const db = () => t.deps.db;
const cat = (edition: string, kind: string, code: string) =>
  db()
    .sqlite.query<{ id: number }, string[]>("SELECT id FROM categories WHERE edition = ? AND kind = ? AND code = ?")
    .get(edition, kind, code)!.id;
const at = "2026-11-01T00:00:00.000Z";

beforeAll(async () => {
  t = testApp();
  w = world(db());
  await makeUser(t, "catalog_admin", ["admin"]);
  admin = new Client(t);
  await admin.login("catalog_admin");
});

describe("2007 → 2026 mapping table", () => {
  test("seeded by name (same name, or a known renaming), with a confidence mark; the rest marked none", () => {
    const row = (code: string, kind = "component") =>
      db()
        .sqlite.query<{ to_id: number | null; confidence: string }, [number]>(
          "SELECT to_id, confidence FROM category_map WHERE from_id = ?",
        )
        .get(cat(OLD, kind, code))!;
    expect(row("0101")).toEqual({ to_id: cat(NEW, "component", "01001"), confidence: "renamed" }); // 上水→供水井盖
    const counts = db().sqlite.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM category_map").get()!.n;
    expect(counts).toBe(
      db().sqlite.query<{ n: number }, [string]>("SELECT COUNT(*) AS n FROM categories WHERE edition = ?").get(OLD)!.n,
    );
    expect(
      db()
        .sqlite.query<{ n: number }, []>(
          "SELECT COUNT(*) AS n FROM category_map WHERE confidence = 'none' AND to_id IS NULL",
        )
        .get()!.n,
    ).toBeGreaterThan(0);
  });

  test("the admin edits a row by the 2026 code; an unknown code is refused with a clear message", async () => {
    const from = db()
      .sqlite.query<{ from_id: number; kind: string }, []>(
        "SELECT m.from_id, c.kind FROM category_map m JOIN categories c ON c.id = m.from_id WHERE m.confidence = 'none' AND c.kind = 'event' LIMIT 1",
      )
      .get()!;
    const page = await (await admin.get("/admin/categories/map")).text();
    expect(page).toContain(`/admin/categories/map/${from.from_id}`);
    const bad = await admin.post(`/admin/categories/map/${from.from_id}`, { toCode: "99999", note: "" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("现行版本中没有事件代码 99999");
    const ok = await admin.post(`/admin/categories/map/${from.from_id}`, { toCode: "09006", note: "本县口径" });
    expect(ok.status).toBe(303);
    expect(
      db().sqlite.query("SELECT to_id, confidence, note FROM category_map WHERE from_id = ?").get(from.from_id),
    ).toEqual({ to_id: cat(NEW, "event", "09006"), confidence: "manual", note: "本县口径" });
    // back to none so the migration below has an unmapped class
    await admin.post(`/admin/categories/map/${from.from_id}`, { toCode: "", note: "" });
  });
});

describe("one-action migration of routing rules and component classes", () => {
  test("preview writes nothing; the action moves mapped rules and components and reports the rest", async () => {
    const s = db().sqlite;
    // A 2007-coded county: rules and components on legacy classes.
    const unmapped = s
      .query<{ from_id: number; code: string }, []>(
        "SELECT m.from_id, c.code FROM category_map m JOIN categories c ON c.id = m.from_id WHERE m.to_id IS NULL LIMIT 1",
      )
      .get()!;
    const mappedOld = cat(OLD, "component", "0101");
    const mappedNew = cat(NEW, "component", "01001");
    const rule = (categoryId: number, dept: number) =>
      s
        .query<{ id: number }, [number, number, string, string]>(
          "INSERT INTO routing_rules (category_id, region_id, grid_id, department_id, note, created_at, updated_at) VALUES (?, NULL, NULL, ?, NULL, ?, ?) RETURNING id",
        )
        .get(categoryId, dept, at, at)!.id;
    s.query("DELETE FROM routing_rules WHERE category_id IS NOT NULL").run();
    const r1 = rule(mappedOld, w.dept_water);
    const r2 = rule(unmapped.from_id, w.dept_roads);
    const comp = (code: string, categoryId: number) =>
      s
        .query(
          "INSERT INTO components (code, category_id, lng, lat, created_at, updated_at) VALUES (?, ?, 115.905, 28.605, ?, ?)",
        )
        .run(code, categoryId, at, at);
    comp("3601210301000001", mappedOld);
    comp("3601210301000002", mappedOld);
    const before = s.query("SELECT id, category_id FROM routing_rules ORDER BY id").all();

    const preview = await (await admin.get("/admin/categories/migrate")).text();
    expect(preview).toContain("迁移预览");
    expect(preview).toContain("派遣规则 1 条、部件 2 个将迁移");
    expect(preview).toContain(`${unmapped.code}`);
    expect(s.query("SELECT id, category_id FROM routing_rules ORDER BY id").all()).toEqual(before);
    expect(
      s.query<{ n: number }, [number]>("SELECT COUNT(*) AS n FROM components WHERE category_id = ?").get(mappedOld)!.n,
    ).toBe(2);

    const done = await admin.post("/admin/categories/migrate");
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(html).toContain("派遣规则 1 条、部件 2 个已迁移");
    expect(html).toContain("无法映射 1 项");
    expect(
      s.query<{ category_id: number }, [number]>("SELECT category_id FROM routing_rules WHERE id = ?").get(r1)!
        .category_id,
    ).toBe(mappedNew);
    expect(
      s.query<{ category_id: number }, [number]>("SELECT category_id FROM routing_rules WHERE id = ?").get(r2)!
        .category_id,
    ).toBe(unmapped.from_id);
    expect(
      s.query<{ n: number }, [number]>("SELECT COUNT(*) AS n FROM components WHERE category_id = ?").get(mappedNew)!.n,
    ).toBe(2);
  });
});

describe("legacy cases stay readable", () => {
  test("a 2007-coded case keeps code and edition and is labelled with it; Open311 services covers every code in requests", async () => {
    const old = cat(OLD, "component", "0102");
    const sys = { kind: "system", job: "test" } as const;
    const c = createCase(db(), sys, {
      source: "citizen",
      description: "旧版类别的公众上报",
      address: "人民路",
      categoryId: old,
    });
    createCase(db(), sys, {
      source: "citizen",
      description: "现行类别的公众上报",
      address: "人民路",
      categoryId: cat(NEW, "event", "09006"),
    });
    const page = await (await admin.get(`/cases/${c.id}`)).text();
    expect(page).toContain(`0102 `);
    expect(page).toContain(`（${OLD}）`);

    const requests = (await (await t.app.request("/open311/v2/requests.json")).json()) as { service_code: string }[];
    const services = (await (await t.app.request("/open311/v2/services.json")).json()) as {
      service_code: string;
      description: string;
    }[];
    const offered = new Set(services.map((x) => x.service_code));
    const carried = [...new Set(requests.map((x) => x.service_code).filter(Boolean))];
    expect(carried).toContain("C0102");
    expect(carried.filter((x) => !offered.has(x))).toEqual([]);
    expect(services.find((x) => x.service_code === "C0102")!.description).toContain("旧版");
    expect((await t.app.request("/open311/v2/services/C0102.json")).status).toBe(200);
    // new reports take the edition in force only
    const { createClient } = await import("../api/verbs/save-client.ts");
    const key = createClient(db(), sys, { name: "FixMyStreet", scopes: ["open311"] }).key;
    const r = await t.app.request("/open311/v2/requests.json", {
      method: "POST",
      body: new URLSearchParams({
        api_key: key,
        service_code: "C0102",
        address_string: "人民路",
        description: "旧版代码提交",
      }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(r.status).toBe(404);
  });
});
