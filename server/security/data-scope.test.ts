// Data scope (等保: 访问控制): a department or town user never sees another department's cases
// through any page, export, API or search. Walks every GET route a handler may call, with the
// foreign case's id in every :param, and looks for the foreign case's number and text.
import { test, expect } from "bun:test";
import ExcelJS from "exceljs";
import { testApp, Client, type TestApp } from "../testing/index.ts";
import { world, PNG_1x1, type World } from "../cases/fixtures.ts";
import { loadCase } from "../cases/transition.ts";

async function report(cl: Client, w: World, description: string) {
  const fd = new FormData();
  fd.set("_csrf", await cl.csrf());
  for (const [k, v] of Object.entries({
    source: "hotline",
    categoryId: String(w.cat_manhole),
    urgency: "normal",
    description,
    address: description + "路 1 号",
    lng: "115.905",
    lat: "28.605",
    reporterName: "张先生",
    reporterPhone: "13800000000",
  }))
    fd.set(k, v);
  fd.append("photos", new File([PNG_1x1], "a.png", { type: "image/png" }));
  const res = await cl.request("/reports", { method: "POST", body: fd });
  expect(res.status).toBe(303);
  return Number(res.headers.get("location")!.split("/")[2]!.split("?")[0]);
}

async function bodyText(res: Response): Promise<string> {
  const ct = res.headers.get("content-type") ?? "";
  if (ct.includes("event-stream")) {
    await res.body?.cancel();
    return "";
  }
  if (ct.includes("spreadsheetml")) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const cells: string[] = [];
    book.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => void cells.push(String(c.value)))));
    return cells.join("\n");
  }
  if (ct.startsWith("image/")) return `[image ${(await res.arrayBuffer()).byteLength}]`;
  return await res.text();
}

test("handlers of one department or town never see another's cases on any page, export, API or search", async () => {
  const t: TestApp = testApp();
  const w = world(t.deps.db);
  const as = async (u: string) => {
    const cl = new Client(t, `10.1.0.${Math.floor(Math.random() * 200) + 2}`);
    await cl.login(u);
    return cl;
  };
  const intake = await as("intake_qian");
  const disp = await as("dispatcher_zhou");
  const make = async (marker: string, deptId: number) => {
    const id = await report(intake, w, marker);
    expect((await intake.post(`/cases/${id}/file`, { expect: "reported" })).status).toBe(303);
    expect((await disp.post(`/cases/${id}/dispatch`, { expect: "filed", departmentId: String(deptId) })).status).toBe(
      303,
    );
    const media = (
      t.deps.db.sqlite.query("SELECT id FROM case_media WHERE case_id = ?").all(id) as { id: number }[]
    ).map((m) => m.id);
    return { id, no: loadCase(t.deps.db, id).no, marker, media, dept: deptId };
  };
  const water = await make("水务甲标记", w.dept_water);
  const roads = await make("交通乙标记", w.dept_roads);
  const town = await make("城关丙标记", w.dept_town_unit); // a sub-unit of the town sub-centre

  const users: { name: string; sees: (typeof water)[]; hidden: (typeof water)[] }[] = [
    { name: "water_wu", sees: [water], hidden: [roads, town] },
    { name: "roads_he", sees: [roads], hidden: [water, town] },
    { name: "town_zheng", sees: [town], hidden: [water, roads] },
    { name: "unit_feng", sees: [town], hidden: [water, roads] },
  ];
  const gets = t.router.table.filter(
    (r) =>
      r.method === "GET" &&
      (r.access === "user" || r.access === "public" || (r.access as readonly string[]).includes("handler")),
  );
  expect(gets.some((r) => r.path === "/cases/:id")).toBe(true);
  expect(gets.some((r) => r.path === "/cases/export.xlsx")).toBe(true);
  let requests = 0;
  for (const u of users) {
    const cl = await as(u.name);
    // positive control: the own case is visible in the list and on its page
    for (const s of u.sees) {
      expect(await bodyText(await cl.get(`/cases?queue=all&q=${encodeURIComponent(s.marker)}`))).toContain(s.no);
      expect((await cl.get(`/cases/${s.id}`)).status).toBe(200);
    }
    for (const h of u.hidden) {
      const paths = new Set<string>();
      for (const r of gets) {
        if (r.path === "/logout" || r.path === "/login" || r.path === "/setup") continue;
        const ids = r.path.startsWith("/media/") ? h.media : [h.id];
        for (const id of ids) {
          const p = r.path.replace(/:[A-Za-z_]+/g, String(id));
          paths.add(p);
          // every list/search/export with hostile filters aimed at the other department
          for (const q of [
            `q=${encodeURIComponent(h.marker)}`,
            `q=${h.no}`,
            `queue=all&departmentId=${h.dept}`,
            `queue=open&dept=${h.dept}&department_id=${h.dept}`,
            `queue=all&page=1&perPage=1000`,
          ])
            paths.add(`${p}?${q}`);
        }
      }
      for (const p of paths) {
        const res = await cl.get(p, p.startsWith("/api/") ? { accept: "application/json" } : {});
        requests++;
        expect(res.status, p).toBeLessThan(500);
        const body = await bodyText(res);
        // what we typed into the query is echoed in the search box: look only for the rest
        const typed = decodeURIComponent(p);
        const leaks = [h.no, h.marker, h.marker + "路 1 号"].filter((x) => !typed.includes(x) && body.includes(x));
        if (leaks.length) throw new Error(`${u.name} sees ${h.no} (${h.marker}) through GET ${p} [${res.status}]`);
      }
    }
  }
  expect(requests).toBeGreaterThan(50);
}, 120_000);
