// One catalogue in every channel: the edition in force (admin setting, 2026 by default) is what the desk,
// the phone app, the portal, the hotline and Open311 offer — every class, never a truncated list —
// and a routing rule on a 2026 class is proposed for a report of that class from each channel.
import { describe, test, expect, beforeAll } from "bun:test";
import { testApp, Client, type TestApp } from "../testing/index.ts";
import { world, PNG_1x1, type World } from "../cases/fixtures.ts";
import { challengeAnswer } from "../public/abuse.ts";
import { createClient } from "../api/verbs/save-client.ts";
import { saveRoutingRule } from "../departments/verbs/save-routing-rule.ts";
import { proposeDepartment } from "../departments/index.ts";
import { activeEdition, categoriesForPicker, matchCategory, type PickerItem } from "./index.ts";
import { createExchangeClient } from "../exchange/verbs/create-client.ts";

const ED = "GB/T 47678.5-2026";
const SPOT = { lng: 115.905, lat: 28.605 }; // inside grid 030101 of the fixture county
const sys = { kind: "system", job: "test" } as const;

let t: TestApp;
let w: World;
let all: PickerItem[];
let street: PickerItem[]; // 09 街面秩序类: the classes LIMIT 500 used to cut off
let key: string;
const db = () => t.deps.db;
const legacyId = () =>
  db().sqlite.query<{ id: number }, []>("SELECT id FROM categories WHERE edition = 'CJ/T 214-2007' LIMIT 1").get()!.id;
const caseById = (id: number) =>
  db()
    .sqlite.query<{ category_id: number | null; grid_id: number | null }, [number]>(
      "SELECT category_id, grid_id FROM cases WHERE id = ?",
    )
    .get(id)!;
const lastCase = () =>
  db()
    .sqlite.query<{ id: number; category_id: number | null; grid_id: number | null }, []>(
      "SELECT id, category_id, grid_id FROM cases ORDER BY id DESC LIMIT 1",
    )
    .get()!;
const optionIds = (html: string, name: string) => {
  const ids = new Set<number>();
  const re =
    name === "radio"
      ? /name="categoryId" value="(\d+)"/g
      : /<option value="(\d+)"[^>]*data-search=|<option value="(\d+)"/g;
  for (const m of html.matchAll(re)) ids.add(Number(m[1] ?? m[2]));
  return ids;
};
const expectAllOffered = (ids: Set<number>) => {
  const missing = all.filter((c) => !ids.has(c.id)).map((c) => c.code);
  expect(missing).toEqual([]);
};

beforeAll(() => {
  t = testApp();
  w = world(db());
  all = categoriesForPicker(db());
  street = all.filter((c) => c.kind === "event" && c.big_code === "09");
  key = createClient(db(), sys, { name: "FixMyStreet", scopes: ["open311"] }).key;
});

describe("the edition in force", () => {
  test("GB/T 47678.5-2026 by default, every one of its classes, never a mix of editions", () => {
    expect(activeEdition(db())).toBe(ED);
    expect(all.length).toBe(403);
    expect(new Set(all.map((c) => c.edition))).toEqual(new Set([ED]));
    expect(street.map((c) => c.small_name)).toContain("占道经营");
  });

  test("the admin sets it on the categories page; a bad value is refused", async () => {
    const admin = new Client(t);
    const { makeUser } = await import("../testing/index.ts");
    await makeUser(t, "catalog_admin", ["admin"]);
    await admin.login("catalog_admin");
    const page = await (await admin.get("/admin/categories")).text();
    expect(page).toContain('action="/admin/categories/edition"');
    expect((await admin.post("/admin/categories/edition", { edition: "CJ/T 214-2007" })).status).toBe(303);
    expect(activeEdition(db())).toBe("CJ/T 214-2007");
    expect(categoriesForPicker(db()).every((c) => c.edition === "CJ/T 214-2007")).toBe(true);
    expect((await admin.post("/admin/categories/edition", { edition: "GB 1-1999" })).status).toBe(422);
    expect((await admin.post("/admin/categories/edition", { edition: ED })).status).toBe(303);
    expect(activeEdition(db())).toBe(ED);
  });
});

describe("every class of the edition is selectable in each channel", () => {
  test("desk report form: all classes in big-class groups with a filter box; each one files", async () => {
    const desk = new Client(t);
    await desk.login("intake_qian");
    const html = await (await desk.get("/reports/new")).text();
    expectAllOffered(optionIds(html, "select"));
    expect(html).toContain('<optgroup label="事件 09 街面秩序类">');
    expect(html).toContain('class="category-filter"');
    expect(html).toContain("/assets/category-picker.js");
    expect((await desk.get("/assets/category-picker.js")).status).toBe(200);
    for (const c of all) {
      const r = await desk.post("/reports", {
        source: "video",
        categoryId: String(c.id),
        urgency: "normal",
        description: `${c.small_name} 测试`,
        address: "人民路 12 号",
      });
      if (r.status !== 303)
        throw new Error(`${c.code}: ${r.status} ${(await r.text()).match(/class="error[^"]*"[^>]*>[^<]*/g)}`);
      expect(lastCase().category_id).toBe(c.id);
    }
    // A class of another edition is not offered and not accepted.
    const bad = await desk.post("/reports", {
      source: "video",
      categoryId: String(legacyId()),
      urgency: "normal",
      description: "旧版类别",
      address: "人民路 12 号",
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("不属于现行分类标准");
  });

  test("case page 立案 picker lists every class grouped by big class", async () => {
    const desk = new Client(t);
    await desk.login("intake_qian");
    const html = await (await desk.get(`/cases/${lastCase().id}`)).text();
    expectAllOffered(optionIds(html, "select"));
    expect(html).toContain('<optgroup label="09 街面秩序类">');
  });

  test("phone app: every class offered; street-order classes report", async () => {
    const wang = new Client(t);
    await wang.login("inspector_wang");
    const html = await (await wang.get("/m/report")).text();
    expectAllOffered(optionIds(html, "radio"));
    for (const c of street) {
      const fd = new FormData();
      const f = {
        clientId: `chan-${c.code}`,
        madeAt: "2026-11-23T08:00:00.000Z",
        categoryId: String(c.id),
        description: `${c.small_name} 测试`,
        lng: String(SPOT.lng),
        lat: String(SPOT.lat),
        accuracy: "8",
        address: "人民路 12 号门前",
      };
      for (const [k, v] of Object.entries(f)) fd.append(k, v);
      fd.append("photos", new File([PNG_1x1 as BlobPart], "p.png", { type: "image/png" }));
      const csrf = await wang.csrf();
      const r = await wang.request("/api/field/reports", {
        method: "POST",
        body: fd,
        headers: { "x-csrf-token": csrf, accept: "application/json" },
      });
      if (r.status >= 300) throw new Error(`${c.code}: ${r.status} ${await r.text()}`);
      expect(lastCase().category_id).toBe(c.id);
    }
  });

  test("citizen portal: every class offered; a street-order class reports", async () => {
    const cl = new Client(t, "10.9.9.9");
    const html = await (await cl.get("/p/report")).text();
    expectAllOffered(optionIds(html, "select"));
    const c = street.find((x) => x.small_name === "占道经营")!;
    const id = /name="challenge" value="([^"]+)"/.exec(html)![1]!;
    const fd = new FormData();
    fd.append("_csrf", await cl.csrf());
    fd.append("challenge", id);
    fd.append("answer", String(challengeAnswer(t.deps.config.dataDir, id)));
    fd.append("description", "人行道上有人摆摊占道经营");
    fd.append("address", "人民路 12 号");
    fd.append("categoryId", String(c.id));
    const r = await cl.request("/p/report", { method: "POST", body: fd });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("反映已提交");
    expect(lastCase().category_id).toBe(c.id);
  });

  test("hotline: the report-from-call form offers every class and files the chosen one", async () => {
    const sun = new Client(t);
    await sun.login("hotline_sun");
    for (const c of [street.find((x) => x.small_name === "占道经营")!, street[0]!]) {
      await sun.post("/hotline/calls/manual", { callerNum: "13800138000", code: "complaint", note: c.small_name });
      const call = db()
        .sqlite.query<{ id: number }, []>("SELECT id FROM hotline_calls ORDER BY id DESC LIMIT 1")
        .get()!;
      const html = await (await sun.get(`/hotline/calls/${call.id}/report`)).text();
      expectAllOffered(optionIds(html, "select"));
      const r = await sun.post(`/hotline/calls/${call.id}/report`, {
        reporterPhone: "13800138000",
        address: "城关镇人民路 12 号",
        description: `${c.small_name}，来电反映`,
        categoryId: String(c.id),
      });
      expect(r.status).toBe(303);
      expect(lastCase().category_id).toBe(c.id);
    }
  });

  test("Open311: services lists every class; a POST of each service code files that class", async () => {
    const services = (await (await t.app.request("/open311/v2/services.json")).json()) as { service_code: string }[];
    const codes = new Set(services.map((s) => s.service_code));
    expect(all.filter((c) => !codes.has((c.kind === "component" ? "C" : "E") + c.code))).toEqual([]);
    for (const c of all) {
      const sc = (c.kind === "component" ? "C" : "E") + c.code;
      const r = await t.app.request("/open311/v2/requests.json", {
        method: "POST",
        body: new URLSearchParams({
          api_key: key,
          service_code: sc,
          lat: String(SPOT.lat),
          long: String(SPOT.lng),
          description: `${c.small_name}，现场反映`,
        }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      if (r.status >= 300) throw new Error(`${sc}: ${r.status} ${await r.text()}`);
      expect(lastCase().category_id).toBe(c.id);
    }
  });

  test("12345: the order's category text (code, service code or name) maps to a class of the edition", async () => {
    const c = street.find((x) => x.small_name === "占道经营")!;
    expect(matchCategory(db(), "占道经营")?.id).toBe(c.id);
    expect(matchCategory(db(), `E${c.code}`)?.id).toBe(c.id);
    expect(matchCategory(db(), "不存在的类别")).toBeNull();
    const admin = { kind: "user", userId: 1, username: "a", name: "a", roles: ["admin"], departmentId: null } as const;
    const city = createExchangeClient(db(), { ...admin, roles: [...admin.roles] }, { name: "市12345平台" });
    const r = await t.app.request("/api/exchange/12345/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${city.key}`, "content-type": "application/json" },
      body: JSON.stringify({ orderNo: "GD-1", content: "门口有人占道经营", address: "人民路", category: "占道经营" }),
    });
    expect(r.status).toBeLessThan(300);
    expect(lastCase().category_id).toBe(c.id);
  });
});

describe("routing reads the edition in force", () => {
  test("a rule on a 2026 class is proposed for that class's report from every channel", () => {
    const c = street.find((x) => x.small_name === "占道经营")!;
    saveRoutingRule(db(), sys, { categoryId: c.id, regionId: null, gridId: null, departmentId: w.dept_roads });
    // a rule on a class of another edition is refused
    expect(() =>
      saveRoutingRule(db(), sys, {
        categoryId: legacyId(),
        regionId: null,
        gridId: null,
        departmentId: w.dept_roads,
      }),
    ).toThrow("规则有误");
    const rows = db()
      .sqlite.query<{ id: number; source: string }, [number]>("SELECT id, source FROM cases WHERE category_id = ?")
      .all(c.id);
    const sources = new Set(rows.map((r) => r.source));
    for (const s of ["video", "inspector", "citizen", "hotline", "api"]) expect(sources).toContain(s);
    for (const r of rows) {
      const k = caseById(r.id);
      expect(proposeDepartment(db(), { categoryId: k.category_id!, gridId: k.grid_id })?.departmentId).toBe(
        w.dept_roads,
      );
    }
  });
});
