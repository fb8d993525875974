import { test, expect } from "bun:test";
import ExcelJS from "exceljs";
import { testApp, Client, makeUser } from "../testing/index.ts";
import { buildScenario } from "./fixtures.ts";

async function setup() {
  const t = testApp();
  const s = buildScenario(t.deps.db);
  await makeUser(t, "leader", ["leader"]);
  await makeUser(t, "lead", ["shift_lead"]);
  await makeUser(t, "op", ["intake"]);
  await makeUser(t, "boss", ["admin"]);
  await makeUser(t, "h1", ["handler"], s.d1);
  const as = async (u: string) => {
    const c = new Client(t);
    await c.login(u);
    return c;
  };
  return { t, s, as };
}
const Q = "period=month&date=2026-11-01";

test("indicator page shows every number with its formula and links to the cases behind it", async () => {
  const { s, as } = await setup();
  const c = await as("leader");
  const res = await c.get(`/evaluation?kind=department&${Q}`);
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body).toContain("市政工程处");
  expect(body).toContain("按期处置数 ÷ 应处置数");
  expect(body).toContain("结案率分值 × 30%");
  expect(body).toContain(
    `/evaluation/cases?kind=department&amp;key=overdue&amp;unit=${s.d1}&amp;${Q.replace("&", "&amp;")}`,
  );
  const drill = await (await c.get(`/evaluation/cases?kind=department&key=overdue&unit=${s.d1}&${Q}`)).text();
  expect(drill).toContain("超期数：2 件");
  expect(drill).toContain("20261103-0001");
  expect(drill).toContain("20261110-0001");
  expect(drill).not.toContain("20261102-0001");
  const rank = await (await c.get(`/evaluation/ranking?kind=department&${Q}`)).text();
  expect(rank).toContain("名次变化");
  expect(rank).toContain("上期排名（2026年10月）");
});

test("every table exports to .xlsx with Chinese headers and to CSV", async () => {
  const { as } = await setup();
  const c = await as("leader");
  const x = await c.get(`/evaluation?kind=department&${Q}&format=xlsx`);
  expect(x.headers.get("content-type")).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await x.arrayBuffer());
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).getCell(1).value).toBe("名称");
  expect(ws.getRow(1).getCell(3).value).toBe("应处置数");
  expect(ws.getRow(2).getCell(1).value).toBe("市政工程处"); // ranked first; 园林绿化所 is below the minimum volume
  const bytes = new Uint8Array(
    await (await c.get(`/evaluation/cases?kind=department&key=overdue&unit=1&${Q}&format=csv`)).arrayBuffer(),
  );
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM so Excel reads UTF-8
  const csv = new TextDecoder().decode(bytes);
  expect(csv.split("\r\n")[0]).toBe(
    '"案件编号","来源","状态","上报时间","责任部门","地址","问题描述","返工","回退","延期"',
  );
  const rk = await c.get(`/evaluation/ranking?kind=region&${Q}&format=csv`);
  expect((await rk.text()).split("\r\n")[0]).toContain("综合指标值");
});

test("a department files an objection, the shift lead accepts it, the count drops", async () => {
  const { t, s, as } = await setup();
  const h = await as("h1");
  const r1 = await h.post("/evaluation/objections", {
    caseNo: "20261103-0001",
    departmentId: String(s.d1),
    indicator: "overdue",
    reason: "暴雨停工，无法施工",
  });
  expect(r1.status).toBe(303);
  expect(await (await h.get("/evaluation/objections")).text()).toContain("待审核");
  const id = (t.deps.db.sqlite.query("SELECT id FROM eval_objections").get() as { id: number }).id;
  expect((await h.post(`/evaluation/objections/${id}/decide`, { decision: "accept" })).status).toBe(403);
  const lead = await as("lead");
  expect((await lead.post(`/evaluation/objections/${id}/decide`, { decision: "accept", note: "属实" })).status).toBe(
    303,
  );
  const leader = await as("leader");
  const drill = await (await leader.get(`/evaluation/cases?kind=department&key=overdue&unit=${s.d1}&${Q}`)).text();
  expect(drill).toContain("超期数：1 件");
  const tl = t.deps.db.sqlite.query("SELECT action FROM case_events WHERE action LIKE 'objection%' ORDER BY id").all();
  expect(tl).toEqual([{ action: "objection" }, { action: "objection_accepted" }]);
});

test("nav and access: leader cockpit with vendored ECharts, reports for intake, settings for admin", async () => {
  const { as, t } = await setup();
  const leader = await as("leader");
  const home = await (await leader.get("/workbench/leader")).text();
  expect(home).toContain('href="/dashboard"');
  for (const label of ["驾驶舱", "综合评价", "排名", "报表"]) expect(home).toContain(label);
  const dash = await leader.get("/dashboard");
  expect(dash.status).toBe(200);
  const dh = await dash.text();
  expect(dh).toContain("/assets/echarts.min.js");
  expect(dh).toContain('type="application/json" data-charts');
  expect(dh).not.toMatch(/<script>(?!<\/script>)/); // no inline script code
  expect((await leader.get("/assets/echarts.min.js")).status).toBe(200);
  expect((await leader.get("/assets/charts.js")).status).toBe(200);
  const op = await as("op");
  expect((await op.get("/dashboard")).status).toBe(403);
  expect((await op.get("/evaluation")).status).toBe(403);
  expect((await op.get("/reports")).status).toBe(200);
  const admin = await as("boss");
  const bad = await admin.post("/evaluation/settings", { minVolume: "-1", reportHour: "2" });
  expect(bad.status).toBe(422);
  const form: Record<string, string> = { minVolume: "1", reportHour: "3" };
  for (const k of ["w.department.dispatched", "w.department.close", "w.department.rework"]) form[k] = "0";
  form["w.department.ontime"] = "100";
  for (const [k, n] of [
    ["region", ["public", "filed", "close", "ontime"]],
    ["inspector", ["valid", "miss", "verify", "check"]],
    ["intake", ["accepted", "file", "verify", "check"]],
    ["dispatcher", ["dispatched", "ontime", "accuracy"]],
  ] as const)
    for (const x of n) form[`w.${k}.${x}`] = "10";
  expect((await admin.post("/evaluation/settings", form)).status).toBe(303);
  const page = await (await leader.get(`/evaluation?kind=department&${Q}`)).text();
  expect(page).toContain("按期处置率分值 × 100%");
  expect(t.deps.db.sqlite.query("SELECT value FROM settings WHERE key = 'reports.hour'").get()).toEqual({ value: "3" });
});

test("on-demand report: generated, archived, reprinted", async () => {
  const { as, t } = await setup();
  const lead = await as("lead");
  const r = await lead.post("/reports/generate", { kind: "monthly", date: "2026-11-05" });
  expect(r.status).toBe(303);
  const arch = await (await lead.get("/reports?kind=monthly")).text();
  expect(arch).toContain("2026年11月月报");
  const id = (t.deps.db.sqlite.query("SELECT id FROM reports").get() as { id: number }).id;
  const h = await lead.get(`/reports/${id}/html`);
  expect(await h.text()).toContain("数字化城市管理工作月报");
  const pdf = await lead.get(`/reports/${id}/pdf`);
  if (pdf.status === 200) expect(pdf.headers.get("content-type")).toBe("application/pdf");
}, 120_000);

test("a shift lead publishes a finished month; the page says 已发布, before that 未发布; others may not publish", async () => {
  const { as } = await setup();
  const leader = await as("leader");
  const before = await (await leader.get(`/evaluation?kind=department&${Q}`)).text();
  expect(before).toContain("未发布");
  expect(before).not.toContain("发布本期考评");
  const op = await as("op");
  expect((await op.post("/evaluation/publish", { period: "month", date: "2026-11-01" })).status).toBe(403);
  const lead = await as("lead");
  expect(await (await lead.get(`/evaluation?kind=department&${Q}`)).text()).toContain("发布本期考评");
  const res = await lead.post("/evaluation/publish", { period: "month", date: "2026-11-01" });
  expect(res.status).toBe(303);
  const after = await (await leader.get(`/evaluation?kind=department&${Q}`)).text();
  expect(after).toContain("已发布");
  expect(after).not.toContain("未发布");
  expect((await lead.post("/evaluation/publish", { period: "month", date: "2026-11-01" })).status).toBe(409);
});
