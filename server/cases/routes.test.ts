// Through the HTTP app: report with photos, the case page shows only permitted actions,
// a stale form answers 409, handlers only see their department, exports, notifications.
import { test, expect, describe } from "bun:test";
import { testApp, Client, type TestApp } from "../testing/index.ts";
import { world, PNG_1x1, type World } from "./fixtures.ts";
import { loadCase } from "./transition.ts";
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { sweepStaged, stagingDir } from "../core/uploads.ts";
import { setSetting } from "../core/settings.ts";

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

async function postReport(
  cl: Client,
  _t: TestApp,
  w: World,
  extra: Record<string, string> = {},
  photo: Uint8Array<ArrayBuffer> = PNG_1x1,
  count = 1,
) {
  const fd = new FormData();
  fd.set("_csrf", await cl.csrf());
  for (const [k, v] of Object.entries({
    source: "hotline",
    categoryId: String(w.cat_manhole),
    urgency: "normal",
    description: "东门路井盖缺失，有人差点摔倒",
    address: "东门路 12 号",
    lng: "115.905",
    lat: "28.605",
    reporterName: "张先生",
    reporterPhone: "13800000000",
    ...extra,
  }))
    fd.set(k, v);
  for (let i = 0; i < count; i++) fd.append("photos", new File([photo], `a${i}.png`, { type: "image/png" }));
  return cl.request("/reports", { method: "POST", body: fd });
}

describe("case pages", () => {
  test("a report with a photo creates a case; its page shows facts, the photo and only the operator's actions", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    const res = await postReport(intake, t, w);
    expect(res.status).toBe(303);
    const loc = res.headers.get("location")!;
    expect(loc).toMatch(/^\/cases\/\d+\?ok=reported$/);
    const id = Number(loc.split("/")[2]!.split("?")[0]);
    const html = await (await intake.get(`/cases/${id}`)).text();
    expect(html).toContain(loadCase(t.deps.db, id).no);
    expect(html).toContain("东门路井盖缺失");
    expect(html).toMatch(/<img src="\/media\/\d+"/);
    expect(html).toContain(`action="/cases/${id}/file"`);
    expect(html).toContain(`action="/cases/${id}/reject"`);
    expect(html).not.toContain(`action="/cases/${id}/dispatch"`);
    expect(html).toMatch(new RegExp(`<option value="${w.cat_manhole}" selected`)); // filing keeps the reported category
    expect(html).toContain("剩余");
    const photo = await intake.get(`/media/1`);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG_1x1);
  });

  test("a photo that is not an image is refused with a Chinese message and the form keeps its values", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    const res = await postReport(intake, t, w, {}, new TextEncoder().encode("<?php evil ?>"));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("只能上传 JPEG、PNG 或 WebP");
    expect(html).toContain("东门路井盖缺失");
    expect((t.deps.db.sqlite.query("SELECT count(*) n FROM cases").get() as any).n).toBe(0);
  });

  test("file then dispatch over HTTP; a stale second submit answers 409; the wrong role gets 403", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    const id = Number((await postReport(intake, t, w)).headers.get("location")!.split("/")[2]!.split("?")[0]);
    expect((await intake.post(`/cases/${id}/file`, { expect: "reported" })).status).toBe(303);
    const again = await intake.post(`/cases/${id}/file`, { expect: "reported" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("已被他人处理");
    expect((await intake.post(`/cases/${id}/dispatch`, { expect: "filed" })).status).toBe(403);
    const disp = await as("dispatcher_zhou");
    const page = await (await disp.get(`/cases/${id}`)).text();
    expect(page).toContain("建议：县水务局");
    const frag = await disp.post(
      `/cases/${id}/dispatch`,
      { expect: "filed", departmentId: String(w.dept_water) },
      { headers: { "hx-request": "true" } },
    );
    expect(frag.status).toBe(200);
    const fragHtml = await frag.text();
    expect(fragHtml.startsWith('<div id="case-main"')).toBe(true);
    expect(fragHtml).toContain("待接收");
    expect(loadCase(t.deps.db, id).department_id).toBe(w.dept_water);
  });

  test("handlers see only their department's cases", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    const id = Number((await postReport(intake, t, w)).headers.get("location")!.split("/")[2]!.split("?")[0]);
    await intake.post(`/cases/${id}/file`, { expect: "reported" });
    await (await as("dispatcher_zhou")).post(`/cases/${id}/dispatch`, {
      expect: "filed",
      departmentId: String(w.dept_water),
    });
    const roads = await as("roads_he");
    expect((await roads.get(`/cases/${id}`)).status).toBe(403);
    expect(await (await roads.get(`/cases?queue=to_accept`)).text()).toContain("没有符合条件的案件");
    const water = await as("water_wu");
    const list = await (await water.get(`/cases?queue=to_accept`)).text();
    expect(list).toContain(loadCase(t.deps.db, id).no);
    expect(await (await water.get(`/cases/${id}`)).text()).toContain(`action="/cases/${id}/accept"`);
  });

  test("CSV and Excel export of a filtered list; search finds by Chinese substring", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    await postReport(intake, t, w);
    await postReport(intake, t, w, { description: "西街路灯不亮", address: "西街 3 号", categoryId: "" });
    const raw = new Uint8Array(await (await intake.get("/cases/export.csv?queue=all&q=路灯不亮")).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM so Excel reads UTF-8
    const csv = new TextDecoder().decode(raw);
    const lines = csv.trim().split("\r\n");
    expect(lines.length).toBe(2);
    expect(lines[0]).toBe('"案件编号","状态","时限","来源","类别","问题描述","地址","街道/乡镇","处置部门","上报时间"');
    expect(lines[1]).toContain("西街路灯不亮");
    const x = await intake.get("/cases/export.xlsx?queue=all");
    expect(x.headers.get("content-type")).toContain("spreadsheetml");
    const bytes = new Uint8Array(await x.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // zip
    expect(await (await intake.get("/cases?queue=all&q=路灯")).text()).toContain("西街路灯不亮");
  });

  test("the escalation job is registered as cases.escalate every minute; notifications page shows unread", async () => {
    const { t, w, as } = await setup();
    const job = t.deps.scheduler.list().find((j) => j.name === "cases.escalate")!;
    expect(job.cron).toBe("* * * * *");
    const run = await t.deps.scheduler.runNow("cases.escalate");
    expect([run.status, run.message]).toEqual(["ok", "预警 0 件，超期 0 件"]);
    const hot = await as("hotline_sun");
    await postReport(hot, t, w);
    const html = await (await (await as("intake_qian")).get("/notifications")).text();
    expect(html).toContain("通知（未读 1）");
    expect(html).toContain("新上报");
  });

  test("a second report nearby shows the duplicate hint, and merging it closes it into the first", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    const first = Number((await postReport(intake, t, w)).headers.get("location")!.split("/")[2]!.split("?")[0]);
    const second = Number(
      (await postReport(intake, t, w, { lng: "115.9051", description: "井盖又被人报了一次" })).headers
        .get("location")!
        .split("/")[2]!
        .split("?")[0],
    );
    const html = await (await intake.get(`/cases/${second}`)).text();
    expect(html).toContain("疑似重复");
    expect(html).toContain(loadCase(t.deps.db, first).no);
    expect(html).toContain("合并到此案件");
    const res = await intake.post(`/cases/${second}/merge`, {
      expect: "reported",
      targetNo: loadCase(t.deps.db, first).no,
    });
    expect(res.status).toBe(303);
    expect([loadCase(t.deps.db, second).state, loadCase(t.deps.db, second).merged_into]).toEqual(["merged", first]);
  });
});

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile());
}
const mediaFiles = (t: TestApp) => files(join(t.dir, "media"));

// Refused requests leave no photos: uploads are staged and moved into DATA_DIR/media only when
// the transaction that records them commits.
describe("staged uploads", () => {
  test("a refused report (422) leaves no photo; an accepted one moves its photo in and leaves no staged file", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    const bad = await postReport(intake, t, w, { description: "" }, PNG_1x1, 3);
    expect(bad.status).toBe(422);
    expect(mediaFiles(t)).toEqual([]);
    const ok = await postReport(intake, t, w);
    expect(ok.status).toBe(303);
    const after = mediaFiles(t);
    expect(after.length).toBe(1);
    expect(after[0]).toMatch(/^cases\/\d{4}\/\d{2}\/[0-9a-f-]+\.png$/);
  });

  test("a refused disposal (403, another department's case) leaves no photo", async () => {
    const { t, w, as } = await setup();
    const intake = await as("intake_qian");
    const id = Number((await postReport(intake, t, w)).headers.get("location")!.split("/")[2]!.split("?")[0]);
    await intake.post(`/cases/${id}/file`, { expect: "reported" });
    await (await as("dispatcher_zhou")).post(`/cases/${id}/dispatch`, {
      expect: "filed",
      departmentId: String(w.dept_water),
    });
    const water = await as("water_wu");
    await water.post(`/cases/${id}/accept`, { expect: "dispatched" });
    const before = mediaFiles(t).length;
    const roads = await as("roads_he");
    const fd = new FormData();
    fd.set("_csrf", await roads.csrf());
    fd.set("expect", "in_progress");
    fd.set("note", "已修复");
    fd.append("photos", new File([PNG_1x1], "after.png", { type: "image/png" }));
    const res = await roads.request(`/cases/${id}/complete`, { method: "POST", body: fd });
    expect(res.status).toBe(403);
    expect(mediaFiles(t).length).toBe(before);
  });

  test("the sweep removes staged files older than an hour and keeps newer ones", () => {
    const t = testApp();
    const dir = stagingDir(t.dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "old"), "x");
    writeFileSync(join(dir, "new"), "x");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(dir, "old"), twoHoursAgo, twoHoursAgo);
    // a row committed just before a crash: its staged photo is moved in, not removed
    writeFileSync(join(dir, "cases~2026~11~abc.png~1234abcd"), "x");
    utimesSync(join(dir, "cases~2026~11~abc.png~1234abcd"), twoHoursAgo, twoHoursAgo);
    expect(sweepStaged(t.dir, 3600_000, Date.now(), (rel) => rel === "cases/2026/11/abc.png")).toBe(1);
    expect(readdirSync(dir)).toEqual(["new"]);
    expect(existsSync(join(t.dir, "media", "cases", "2026", "11", "abc.png"))).toBe(true);
  });

  test("the sweep is a registered job; a per-user daily quota refuses uploads beyond it (422, nothing kept)", async () => {
    const { t, w, as } = await setup();
    expect(t.deps.scheduler.list().some((j) => j.name === "cases.media_sweep")).toBe(true);
    setSetting(t.deps.db, "media.daily_quota_mb", String(PNG_1x1.length / 1024 / 1024 + 1e-9)); // one photo a day
    const intake = await as("intake_qian");
    expect((await postReport(intake, t, w)).status).toBe(303);
    const refused = await postReport(intake, t, w);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("上传的照片已超过");
    expect(mediaFiles(t).length).toBe(1);
  });
});
