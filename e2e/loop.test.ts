// End to end in headless Chromium: one case walks the whole loop, each role signing in
// in turn (report → verify → file → dispatch → accept → extension → complete → check fail
// → rework → check pass → close). Screenshots go to e2e/out/ (gitignored).
import { test, expect } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { testApp } from "../server/testing/index.ts";
import { world, PNG_1x1, type World } from "../server/cases/fixtures.ts";
import { loadCase } from "../server/cases/transition.ts";
import { setSetting } from "../server/core/settings.ts";
import { hasChromium, SHOTS, serveApp, shot, useBrowser } from "./harness.ts";

if (!hasChromium) console.warn("e2e/loop.test.ts skipped: no Chromium");

let w: World;
let t: ReturnType<typeof testApp>;
const photoPath = join(SHOTS, "photo.png");

const env = useBrowser(() => {
  mkdirSync(SHOTS, { recursive: true });
  // a visible 64×40 PNG would need an encoder; the 1×1 fixture scaled by CSS is enough for the flow
  writeFileSync(photoPath, PNG_1x1);
  t = testApp();
  w = world(t.deps.db);
  setSetting(t.deps.db, "county.name", "示范县");
  return serveApp(t.app, t.dir);
});

async function as(username: string): Promise<Page> {
  const ctx = await env.browser.newContext({ viewport: { width: 1360, height: 900 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  await page.goto(`${env.server.url}/login`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", "test-pass-123");
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("button[type=submit]")]);
  return page;
}

/** Open an action on the case page, fill it, submit, and wait for the new state on the page. */
async function act(p: Page, label: string, fill: (p: Page) => Promise<void>, expectState: string, submit?: string) {
  const box = p.locator("details.action", { has: p.locator("summary", { hasText: new RegExp(`^${label}$`) }) });
  await box.locator("summary").click();
  await fill(p);
  await box
    .locator(submit ? `button:has-text("${submit}")` : "button[type=submit]")
    .first()
    .click();
  await p.locator(".page-head h2 .badge", { hasText: expectState }).first().waitFor({ timeout: 10_000 });
}

test.skipIf(!hasChromium)(
  "a case walks the whole loop through the browser, each role in turn",
  async () => {
    // 1. hotline/intake: report with a photo
    const intake = await as("intake_qian");
    await intake.goto(`${env.server.url}/reports/new`);
    await intake.selectOption("select[name=source]", "hotline");
    await intake.selectOption("select[name=categoryId]", String(w.cat_manhole));
    await intake.fill("textarea[name=description]", "东门路 12 号井盖缺失，夜间行人有跌落危险");
    await intake.fill("input[name=address]", "东门路 12 号北侧人行道");
    // the location comes from the map picker (set as a phone's GPS would), grid and street resolve
    await intake.waitForFunction(() => !!(document.getElementById("map-picker") as any)?.wanmiPicker, null, {
      timeout: 20_000,
    });
    await intake.evaluate(() =>
      (document.getElementById("map-picker") as any).wanmiPicker.set(115.905, 28.605, "wgs84"),
    );
    await intake.waitForFunction(
      () => (document.querySelector("#map-picker [data-role=lng]") as HTMLInputElement).value === "115.905",
      null,
      { timeout: 10_000 },
    );
    await intake.fill("input[name=reporterName]", "张先生");
    await intake.fill("input[name=reporterPhone]", "13800000000");
    await intake.setInputFiles("input[name=photos]", photoPath);
    await Promise.all([intake.waitForURL(/\/cases\/\d+/), intake.click("button:has-text('提交上报')")]);
    const id = Number(new URL(intake.url()).pathname.split("/")[2]);
    const no = loadCase(t.deps.db, id).no;
    expect(await intake.locator("h2").first().textContent()).toContain(no);
    await shot(intake, "01-reported");

    // 2. intake asks inspector Wang to verify
    await act(
      intake,
      "派发核实",
      async (p) => {
        await p.selectOption("select[name=inspectorId]", String(w.inspector_wang.userId));
      },
      "核实中",
    );

    // 3. inspector verifies from the case page (desk layout)
    const insp = await as("inspector_wang");
    await insp.goto(`${env.server.url}/cases/${id}`);
    await act(
      insp,
      "核实反馈",
      async (p) => {
        await p.locator("details[open] textarea[name=note]").fill("现场核实：井盖确已缺失");
      },
      "待受理",
    );

    // 4. intake files
    await intake.goto(`${env.server.url}/cases/${id}`);
    await act(intake, "立案", async () => {}, "待派遣");

    // 5. dispatcher dispatches to the proposed department
    const disp = await as("dispatcher_zhou");
    await disp.goto(`${env.server.url}/cases?queue=to_dispatch`);
    await shot(disp, "02-dispatcher-queue");
    await disp.click(`a:has-text("${no}")`);
    expect(await disp.locator("details.action select[name=departmentId]").inputValue()).toBe(String(w.dept_water));
    await act(disp, "派遣", async () => {}, "待接收");

    // 6. water department accepts and asks for an extension
    const water = await as("water_wu");
    await water.goto(`${env.server.url}/cases/${id}`);
    await act(water, "接收", async () => {}, "处置中");
    await act(
      water,
      "申请延期",
      async (p) => {
        await p.locator("details[open] textarea[name=note]").fill("新井盖需从厂家调货");
      },
      "处置中",
    );

    // 7. dispatcher approves the extension
    await disp.goto(`${env.server.url}/cases?queue=extensions`);
    await disp.click(`a:has-text("${no}")`);
    const dueBefore = loadCase(t.deps.db, id).due_at!;
    await act(disp, "审批延期申请", async () => {}, "处置中", "同意");
    expect(Date.parse(loadCase(t.deps.db, id).due_at!)).toBeGreaterThan(Date.parse(dueBefore));

    // 8. water completes with an after-photo (multipart, full-page post)
    await water.goto(`${env.server.url}/cases/${id}`);
    await act(
      water,
      "处置反馈",
      async (p) => {
        await p.locator("details[open] textarea[name=note]").fill("已安装新井盖");
        await p.setInputFiles("details[open] input[name=photos]", photoPath);
      },
      "待核查",
    );

    // 9. intake sends the check to inspector Wang; Wang fails it (rework)
    await intake.goto(`${env.server.url}/cases/${id}`);
    await act(
      intake,
      "派发核查",
      async (p) => {
        await p.selectOption("details[open] select[name=inspectorId]", String(w.inspector_wang.userId));
      },
      "待核查",
    );
    await insp.goto(`${env.server.url}/cases/${id}`);
    await act(
      insp,
      "核查",
      async (p) => {
        await p.check("details[open] input[name=pass][value='0']");
        await p.locator("details[open] textarea[name=note]").fill("井盖未与路面齐平");
        await p.setInputFiles("details[open] input[name=photos]", photoPath);
      },
      "处置中",
    );
    expect(loadCase(t.deps.db, id).rework_count).toBe(1);

    // 10. rework, check again, pass
    await water.goto(`${env.server.url}/cases/${id}`);
    await act(
      water,
      "处置反馈",
      async (p) => {
        await p.locator("details[open] textarea[name=note]").fill("已重新调平");
        await p.setInputFiles("details[open] input[name=photos]", photoPath);
      },
      "待核查",
    );
    await intake.goto(`${env.server.url}/cases/${id}`);
    await act(
      intake,
      "派发核查",
      async (p) => {
        await p.selectOption("details[open] select[name=inspectorId]", String(w.inspector_wang.userId));
      },
      "待核查",
    );
    await insp.goto(`${env.server.url}/cases/${id}`);
    await act(
      insp,
      "核查",
      async (p) => {
        await p.setInputFiles("details[open] input[name=photos]", photoPath);
      },
      "待结案",
    );

    // 11. shift lead closes
    const lead = await as("shiftlead_zhao");
    await lead.goto(`${env.server.url}/cases/${id}`);
    await act(lead, "结案", async () => {}, "已结案");
    await shot(lead, "03-closed-case");

    const row = loadCase(t.deps.db, id);
    expect([row.state, row.rework_count, row.extend_count]).toEqual(["closed", 1, 1]);
    const actions = (
      t.deps.db.sqlite.query("SELECT action FROM case_events WHERE case_id = ? ORDER BY id").all(id) as {
        action: string;
      }[]
    ).map((e) => e.action);
    expect(actions).toEqual([
      "report",
      "request_verify",
      "verified",
      "file",
      "dispatch",
      "accept",
      "request_extend",
      "approve_extend",
      "complete",
      "send_check",
      "check_fail",
      "complete",
      "send_check",
      "check_pass",
      "close",
    ]);
    // the leader's workbench and the handler's list render with badges
    const leader = await as("leader_li");
    await leader.goto(`${env.server.url}/workbench/leader`);
    await shot(leader, "04-leader-workbench");
    await intake.goto(`${env.server.url}/workbench/intake`);
    await shot(intake, "05-intake-workbench");
  },
  120_000,
);
