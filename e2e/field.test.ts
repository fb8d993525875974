// 城管通 in headless Chromium on a phone-sized screen with faked GPS: file a report (photo
// compressed in the browser, grid resolved, category searched), file one offline and watch it
// go out when the signal returns, answer a verify task, patrol and clock in; the supervision
// centre sees the track. Screenshots of every screen land in e2e/out/field-*.png.
import { test, expect, beforeAll, afterAll } from "bun:test";
import { join } from "node:path";
import { hasChromium, useDemoServer, signIn, shot, waitFor } from "./harness.ts";
import type { Page } from "playwright-core";
import { openDb, type Db } from "../server/core/db.ts";
import { requestVerify } from "../server/cases/verbs/request-verify.ts";

const env = useDemoServer();
let db: Db;

// Inside demo grid 360121001001001 (115.870–115.871, 28.660–28.6609).
const HERE = { longitude: 115.8705, latitude: 28.6604, accuracy: 12 };

beforeAll(() => {
  if (hasChromium) db = openDb(join(env.server.dataDir, "wanmi.db"));
});
afterAll(() => db?.sqlite.close());

async function phone() {
  const ctx = await env.browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    geolocation: HERE,
    permissions: ["geolocation"],
  });
  return { ctx, page: await ctx.newPage() };
}

/** A 1200×900 JPEG drawn in the page, as a phone camera would hand it over. */
async function cameraPhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 1200;
    c.height = 900;
    const g = c.getContext("2d")!;
    for (let i = 0; i < 60; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
      g.fillRect((i * 97) % 1200, (i * 53) % 900, 200, 160);
    }
    g.fillStyle = "#222";
    g.beginPath();
    g.arc(600, 450, 180, 0, Math.PI * 2);
    g.fill();
    return c.toDataURL("image/jpeg", 0.98);
  });
  return Buffer.from(dataUrl.split(",")[1]!, "base64");
}

const count = (sql: string, ...args: (string | number)[]) => (db.sqlite.query(sql).get(...args) as { n: number }).n;

async function fillReport(page: Page, photo: Buffer, desc: string) {
  await page.setInputFiles("[data-photo-input]", { name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.waitForSelector("[data-photos] figure");
  await page.fill("[data-cat-search]", "井盖");
  await page.click(".f-cat:not([hidden]) >> text=污水井盖异常");
  await page.fill("[data-desc]", desc);
}

test.skipIf(!hasChromium)(
  "an inspector files a report on the phone, offline too, answers a task and patrols",
  async () => {
    const { ctx, page } = await phone();
    await signIn(page, env.server.url, "inspector");
    expect(new URL(page.url()).pathname).toBe("/m");
    await shot(page, "field-1-home");

    // --- report with GPS, grid, category search and a compressed photo
    await page.click("[data-testid=go-report]");
    await page.waitForSelector("[data-acc-value]");
    expect(await page.textContent("[data-acc-value]")).toBe("±12 米");
    await page.waitForFunction(() => document.querySelector("[data-grid]")?.textContent?.startsWith("3601"));
    expect(await page.textContent("[data-grid]")).toBe("360121001001001");
    expect(await page.textContent("[data-street]")).toContain("/");
    const photo = await cameraPhoto(page);
    await fillReport(page, photo, "污水井盖破损，边缘下沉");
    const sizeKb = Number((await page.textContent("[data-photos] figcaption"))!.replace(" KB", ""));
    expect(sizeKb * 1024).toBeLessThan(photo.length); // compressed in the browser before upload
    await shot(page, "field-2-report-form");
    await page.click("[data-submit]");
    await page.waitForSelector("[data-sent-no]", { timeout: 15_000 });
    const no1 = (await page.textContent("[data-sent-no]"))!;
    expect(no1).toMatch(/^\d{8}-\d{4}$/);
    await shot(page, "field-3-report-sent");
    const c1 = db.sqlite
      .query(
        "SELECT c.id, c.source, c.state, g.code AS grid, c.lng, c.lat FROM cases c LEFT JOIN grids g ON g.id = c.grid_id WHERE c.no = ?",
      )
      .get(no1) as any;
    expect([c1.source, c1.state, c1.grid]).toEqual(["inspector", "reported", "360121001001001"]);
    expect(Math.abs(c1.lng - HERE.longitude)).toBeLessThan(1e-6);
    const stored = db.sqlite.query("SELECT mime, size FROM case_media WHERE case_id = ?").all(c1.id) as {
      mime: string;
      size: number;
    }[];
    expect(stored.length).toBe(1);
    expect(stored[0]!.mime).toBe("image/jpeg");
    expect(stored[0]!.size).toBeLessThan(photo.length);

    // --- no signal: the report waits in IndexedDB, survives closing the page, goes out once online
    const before = count("SELECT COUNT(*) AS n FROM cases");
    await ctx.setOffline(true);
    await fillReport(page, photo, "离线上报：井盖缺失");
    await page.click("[data-submit]");
    await page.waitForSelector("[data-queued]");
    await page.waitForFunction(() => document.querySelector("[data-queue-count]")?.textContent === "1");
    expect(await page.isVisible("[data-queue-bar]")).toBe(true);
    await shot(page, "field-4-offline-queued");
    await page.close();
    expect(count("SELECT COUNT(*) AS n FROM cases")).toBe(before);
    await ctx.setOffline(false);
    const page2 = await ctx.newPage();
    await page2.goto(env.server.url + "/m/reports");
    // the page shows 0 before it has read IndexedDB, so wait for the server to have the report too
    await waitFor(
      () => count("SELECT COUNT(*) AS n FROM cases") >= before + 1,
      15_000,
      "the queued report on the server",
    );
    await page2.waitForFunction(
      () =>
        document.querySelector("[data-queue-count]")?.textContent === "0" && !document.querySelector("[data-queued]"),
      null,
      { timeout: 15_000 },
    );
    expect(count("SELECT COUNT(*) AS n FROM cases")).toBe(before + 1);
    expect(count("SELECT COUNT(*) AS n FROM cases WHERE description = '离线上报：井盖缺失'")).toBe(1);
    await page2.reload();
    expect(await page2.textContent("[data-my-reports]")).toContain("离线上报：井盖缺失");
    await shot(page2, "field-5-my-reports");

    // --- a verify task from the supervision centre, answered with a photo
    const intake = db.sqlite.query("SELECT u.id FROM users u WHERE u.username = 'intake'").get() as { id: number };
    const inspector = db.sqlite.query("SELECT id FROM users WHERE username = 'inspector'").get() as { id: number };
    requestVerify(
      db,
      { kind: "user", userId: intake.id, username: "intake", name: "钱受理员", roles: ["intake"], departmentId: null },
      { caseId: c1.id, inspectorId: inspector.id },
    );
    await page2.goto(env.server.url + "/m/tasks");
    await page2.waitForSelector(`[data-task="${no1}"] .f-dist`);
    await shot(page2, "field-6-tasks");
    await page2.click(`[data-task="${no1}"] .f-item-main`);
    await page2.waitForSelector("[data-answer-form]");
    await page2.click("[data-submit]");
    expect(await page2.textContent("[data-error=photos]")).toBe("请拍摄现场照片后再提交");
    await page2.setInputFiles("[data-photo-input]", { name: "IMG_0002.jpg", mimeType: "image/jpeg", buffer: photo });
    await page2.waitForSelector("[data-photos] figure");
    await shot(page2, "field-7-task-answer");
    await Promise.all([page2.waitForURL(/\/m\/tasks$/), page2.click("[data-submit]")]);
    expect((db.sqlite.query("SELECT state FROM cases WHERE id = ?").get(c1.id) as any).state).toBe("reported");
    expect(count("SELECT COUNT(*) AS n FROM case_events WHERE case_id = ? AND action = 'verified'", c1.id)).toBe(1);

    // --- patrol: start, a sampled point stored; clock in
    await page2.goto(env.server.url + "/m/patrol");
    await Promise.all([page2.waitForURL(/\/m\/patrol$/), page2.click("text=开始巡查")]);
    await page2.waitForFunction(() => document.querySelector("[data-track-points]")?.textContent === "1", null, {
      timeout: 15_000,
    });
    await Promise.all([page2.waitForURL(/\/m\/patrol$/), page2.click("button:text('签到')")]);
    expect(await page2.textContent(".f-att")).toContain("签到");
    await shot(page2, "field-8-patrol");
    const pt = db.sqlite
      .query(
        "SELECT pp.lng, g.code FROM patrol_points pp JOIN patrols p ON p.id = pp.patrol_id LEFT JOIN grids g ON g.id = pp.grid_id WHERE p.user_id = ?",
      )
      .all(inspector.id) as any[];
    // One sample when the patrol started and one each time the page was opened again (after clocking in).
    expect(pt.length).toBeGreaterThanOrEqual(1);
    expect(new Set(pt.map((x) => x.code))).toEqual(new Set(["360121001001001"]));
    const att = db.sqlite
      .query("SELECT kind, lng IS NOT NULL AS has_pos FROM attendance WHERE user_id = ?")
      .all(inspector.id);
    expect(att).toEqual([{ kind: "in", has_pos: 1 }]);
    await ctx.close();

    // --- the supervision centre sees today's track and grid coverage
    const desk = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const dp = await desk.newPage();
    await signIn(dp, env.server.url, "intake");
    await dp.goto(env.server.url + "/field/patrols");
    expect(await dp.isVisible("svg.f-tracks")).toBe(true);
    expect(await dp.textContent("[data-coverage]")).toContain("部分覆盖");
    await shot(dp, "field-9-supervision");
    await desk.close();
  },
  180_000,
);
