// The location on the report form and the case page: a GCJ-02 point from a phone map app is stored
// as WGS-84; before dispatch the supervision centre can move a case on the map (更正位置).
import { test, expect } from "bun:test";
import { testApp, Client } from "../testing/index.ts";
import { world, PNG_1x1 } from "./fixtures.ts";
import { wgs84ToGcj02 } from "../core/coords.ts";

async function setup() {
  const t = testApp();
  const w = world(t.deps.db);
  const as = async (u: string) => {
    const cl = new Client(t);
    await cl.login(u);
    return cl;
  };
  return { t, w, as };
}

test("the report form has the map picker; a GCJ-02 point is stored as WGS-84 in the right grid", async () => {
  const { t, w, as } = await setup();
  const intake = await as("intake_qian");
  const form = await (await intake.get("/reports/new")).text();
  expect(form).toContain("data-map-picker");
  expect(form).toContain("/assets/map-picker.js");
  const [gLng, gLat] = wgs84ToGcj02(115.905, 28.605);
  const fd = new FormData();
  fd.set("_csrf", await intake.csrf());
  for (const [k, v] of Object.entries({
    source: "hotline",
    categoryId: String(w.cat_manhole),
    description: "东门路井盖缺失",
    lng: String(gLng),
    lat: String(gLat),
    crs: "gcj02",
  }))
    fd.set(k, v);
  fd.append("photos", new File([PNG_1x1], "a.png", { type: "image/png" }));
  const res = await intake.request("/reports", { method: "POST", body: fd });
  expect(res.status).toBe(303);
  const row = t.deps.db.sqlite.query("SELECT lng, lat, grid_id FROM cases").get() as any;
  expect(Math.abs(row.lng - 115.905)).toBeLessThan(1e-6);
  expect(Math.abs(row.lat - 28.605)).toBeLessThan(1e-6);
  expect(row.grid_id).toBe(w.grid_030101);
});

test("intake moves a case on the map before dispatch; outside the grids is refused; a dispatcher cannot", async () => {
  const { t, w, as } = await setup();
  const intake = await as("intake_qian");
  const fd = new FormData();
  fd.set("_csrf", await intake.csrf());
  for (const [k, v] of Object.entries({
    source: "hotline",
    categoryId: String(w.cat_manhole),
    description: "东门路井盖缺失",
    address: "东门路 12 号",
  }))
    fd.set(k, v);
  const id = Number(
    (await intake.request("/reports", { method: "POST", body: fd })).headers
      .get("location")!
      .split("/")[2]!
      .split("?")[0],
  );
  const page = await (await intake.get(`/cases/${id}`)).text();
  expect(page).toContain(`action="/cases/${id}/relocate"`);
  expect(page).toContain("设置位置");
  const outside = await intake.post(`/cases/${id}/relocate`, {
    expect: "reported",
    lng: "120.5",
    lat: "30.1",
    crs: "wgs84",
  });
  expect(outside.status).toBe(422);
  expect(await outside.text()).toContain("不在本县的任何单元网格内");
  const ok = await intake.post(`/cases/${id}/relocate`, {
    expect: "reported",
    lng: "115.9071",
    lat: "28.6032",
    crs: "wgs84",
    note: "实际在路口东北角",
  });
  expect(ok.status).toBe(303);
  const row = t.deps.db.sqlite.query("SELECT lng, lat, grid_id, town_id FROM cases WHERE id = ?").get(id) as any;
  expect(row).toEqual({ lng: 115.9071, lat: 28.6032, grid_id: w.grid_030101, town_id: w.town_chengguan });
  const ev = t.deps.db.sqlite
    .query("SELECT action, note, data FROM case_events WHERE case_id = ? ORDER BY id DESC LIMIT 1")
    .get(id) as any;
  expect([ev.action, ev.note]).toEqual(["relocate", "实际在路口东北角"]);
  expect(JSON.parse(ev.data).to).toEqual({ lng: 115.9071, lat: 28.6032 });
  const disp = await as("dispatcher_zhou");
  expect((await disp.post(`/cases/${id}/relocate`, { expect: "reported", lng: "115.905", lat: "28.605" })).status).toBe(
    403,
  );
});
