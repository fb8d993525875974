import { test, expect } from "bun:test";
import { testApp, Client, makeUser } from "./testing/index.ts";
import { seedDemoCounty } from "./demo/county.ts";
import { loadCalendar } from "./calendar/index.ts";
import { timeLimit } from "./catalog/queries.ts";

test("admin reference pages render on the demo county; the tester routes a point; non-admins are refused", async () => {
  const t = testApp();
  seedDemoCounty(t.deps.db, { grids: 54, components: 500, respGrids: 6 });
  await makeUser(t, "adm", ["admin"]);
  await makeUser(t, "insp", ["inspector"]);
  const c = new Client(t);
  await c.login("adm");
  for (const p of [
    "/admin/grids",
    "/admin/resp-grids",
    "/admin/categories?edition=CJ/T%20214-2007&kind=event",
    "/admin/components?q=360121",
    "/admin/routing",
    "/admin/calendar?year=2026",
    "/admin/components/1",
    "/admin/categories/1",
    "/admin/resp-grids/1",
  ]) {
    const res = await c.get(p);
    expect(res.status, p).toBe(200);
  }
  expect(await (await c.get("/admin/calendar?year=2026")).text()).toContain("国庆节");
  const lookup = await (await c.get("/admin/grids/lookup?lng=115.8705&lat=28.6605", { "hx-request": "true" })).text();
  expect(lookup).toContain("360121001001001");
  const cat = t.deps.db.sqlite
    .query("SELECT id FROM categories WHERE edition='CJ/T 214-2007' AND kind='event' AND code='0101'")
    .get() as { id: number };
  const routed = await (
    await c.get(`/admin/routing/test?categoryId=${cat.id}&lng=115.8705&lat=28.6605`, { "hx-request": "true" })
  ).text();
  expect(routed).toContain("东湖街道分中心");
  const exp = (await (await c.get("/admin/grids/export.geojson")).json()) as any;
  expect(exp.features.length).toBe(54);
  expect(exp.features[0].properties.code).toBe("360121001001001");
  const i = new Client(t, "10.0.0.9");
  await i.login("insp");
  expect((await i.get("/admin/grids")).status).toBe(403);
}, 60_000);

test("category limits and calendar edits take effect through timeLimit and loadCalendar", async () => {
  const t = testApp();
  await makeUser(t, "adm", ["admin"]);
  const c = new Client(t);
  await c.login("adm");
  const db = t.deps.db;
  expect(timeLimit(db, 1, "normal", "dispose")).toEqual({ amount: 2, unit: "day", mode: "working" });
  expect(
    (
      await c.post("/admin/categories/1", {
        filingStandard: "井盖缺失即立案",
        closingStandard: "补齐",
        active: "1",
        "amount.normal.dispose": "4",
        "unit.normal.dispose": "hour",
        "mode.normal.dispose": "natural",
      })
    ).status,
  ).toBe(303);
  expect(timeLimit(db, 1, "normal", "dispose")).toEqual({ amount: 4, unit: "hour", mode: "natural" });
  expect(timeLimit(db, 1, "urgent", "dispose")).toEqual({ amount: 4, unit: "hour", mode: "natural" });
  const bad = await c.post("/admin/categories/1", {
    filingStandard: "",
    closingStandard: "",
    "amount.normal.file": "-3",
    "unit.normal.file": "minute",
    "mode.normal.file": "working",
  });
  expect(bad.status).toBe(422);
  expect(timeLimit(db, 99999, "normal", "file")).toBeNull();

  expect(loadCalendar(db).periods).toEqual([
    { start: "08:30", end: "12:00" },
    { start: "14:00", end: "17:30" },
  ]);
  expect(
    (
      await c.post("/admin/calendar/hours", {
        periods: "09:00-12:00,13:30-18:00",
        weekdays: ["1", "2", "3", "4", "5", "6"],
      })
    ).status,
  ).toBe(303);
  expect(loadCalendar(db).periods).toEqual([
    { start: "09:00", end: "12:00" },
    { start: "13:30", end: "18:00" },
  ]);
  expect(loadCalendar(db).weekdays).toEqual([1, 2, 3, 4, 5, 6]);
  expect((await c.post("/admin/calendar/hours", { periods: "12:00-09:00", weekdays: ["1"] })).status).toBe(422);
  expect((await c.post("/admin/calendar/days", { day: "2026-10-01", type: "holiday", name: "国庆节" })).status).toBe(
    303,
  );
  expect([...loadCalendar(db).holidays]).toEqual(["2026-10-01"]);
  const form = new FormData();
  form.append("_csrf", await c.csrf());
  form.append("file", new File(["date,type,name\n2026-10-10,补班,国庆调休\n2026-13-01,holiday,坏日期\n"], "cal.csv"));
  const res = await c.request("/admin/calendar/import", { method: "POST", body: form });
  const body = await res.text();
  expect(body).toContain("已导入 1 个日期");
  expect(body).toContain("日期不存在");
  expect([...loadCalendar(db).workdays]).toEqual(["2026-10-10"]);
});
