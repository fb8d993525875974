// The citizen portal on a phone viewport in headless Chromium: report with a photo, get the
// case number and private link, look up by number + phone, rate 不满意 after closing, and the
// shift lead sees the review.
import { test, expect } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { hasChromium, useDemoServer, signIn, shot } from "./harness.ts";
import type { Page } from "playwright-core";

const env = useDemoServer();

async function solve(page: Page) {
  const label = await page.locator("label:has(input[name=answer]) .label").innerText();
  const m = /(\d+) (加|减) (\d+)/.exec(label)!;
  const v = m[2] === "加" ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
  await page.fill("input[name=answer]", String(v));
}

// A JPEG with an EXIF APP1 segment carrying a GPS-like marker string.
function jpegWithExif(): string {
  const seg = (m: number, p: number[]) => [0xff, m, ((p.length + 2) >> 8) & 255, (p.length + 2) & 255, ...p];
  const a = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const bytes = [
    0xff,
    0xd8,
    ...seg(0xe0, [...a("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xe1, [...a("Exif\0\0"), ...a("GPSSECRET")]),
    ...seg(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
    ...seg(0xda, [1, 1, 0, 0, 0x3f, 0]),
    1,
    2,
    3,
    0xff,
    0xd9,
  ];
  const p = join(env.server.dataDir, "exif-test.jpg"); // removed with the data dir
  writeFileSync(p, new Uint8Array(bytes));
  return p;
}

test.skipIf(!hasChromium)(
  "citizen reports on a phone, follows the case, rates it; shift lead gets the review",
  async () => {
    const ctx = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "zh-CN",
    });
    const page = await ctx.newPage();
    await page.goto(env.server.url + "/p");
    await page.click("text=我要反映问题");
    await page.waitForURL(/\/p\/report$/);
    await page.selectOption("select[name=categoryId]", { label: "暴露垃圾" }).catch(async () => {
      const first = await page.locator("select[name=categoryId] optgroup option").first().getAttribute("value");
      await page.selectOption("select[name=categoryId]", first!);
    });
    await page.fill("textarea[name=description]", "人民路菜场门口垃圾堆了三天没人清理");
    await page.fill("input[name=address]", "人民路 18 号菜场门口");
    await page.setInputFiles("input[name=photos]", jpegWithExif());
    await page.click("summary");
    await page.fill("input[name=name]", "李女士");
    await page.fill("input[name=phone]", "13812345678");
    await solve(page);
    await shot(page, "public-report-phone");
    await page.click("button[type=submit].p-big");
    await page.waitForSelector("#case-no");
    const no = (await page.locator("#case-no").innerText()).trim();
    expect(no).toMatch(/^\d{8}-\d{4}$/);
    const link = await page.locator("#private-link").innerText();
    expect(link).toMatch(new RegExp(`^${env.server.url}/p/c/[A-Za-z0-9_-]{32}$`));
    await shot(page, "public-submitted-phone");
    // no horizontal scrolling on the phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.goto(link);
    expect(await page.locator("#case-state").innerText()).toBe("待受理");
    const img = await page.locator(".p-photos img").first().getAttribute("src");
    const served = new Uint8Array(await (await fetch(env.server.url + img!)).arrayBuffer());
    expect(Buffer.from(served).includes(Buffer.from("GPSSECRET"))).toBe(false);
    expect(served[0]).toBe(0xff);

    // lookup by case number + phone (wrong phone first)
    await page.goto(env.server.url + "/p/lookup");
    await page.fill("input[name=no]", no);
    await page.fill("input[name=phone]", "13800000000");
    await page.click("button[type=submit]");
    expect(await page.locator(".alert.error").innerText()).toContain("没有找到");
    await page.fill("input[name=phone]", "138 1234 5678");
    await Promise.all([page.waitForURL(/\/p\/c\//), page.click("button[type=submit]")]);
    expect(page.url()).toBe(link);

    // the case gets closed by the staff (simulated directly), then the citizen rates it
    const db = new Database(join(env.server.dataDir, "wanmi.db"));
    db.run("PRAGMA busy_timeout = 3000");
    db.query("UPDATE cases SET state = 'closed', closed_at = ? WHERE no = ?").run(new Date().toISOString(), no);
    db.close();
    await page.goto(link);
    await page.check("input[value=unsatisfied]");
    await page.fill("textarea[name=comment]", "垃圾清了又堆上了");
    await Promise.all([page.waitForURL(/rated=1/), page.click("#rate-form button[type=submit]")]);
    expect(await page.locator(".alert.info").innerText()).toContain("不满意");
    await shot(page, "public-rated-phone");
    await ctx.close();

    const desk = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const lead = await desk.newPage();
    await signIn(lead, env.server.url, "shiftlead");
    await lead.goto(env.server.url + "/public/reviews");
    expect(await lead.locator("table").innerText()).toContain("垃圾清了又堆上了");
    await lead.fill("input[name=outcome]", "已回访，安排每日清运");
    await lead.click("text=完成复核");
    await lead.waitForSelector("text=没有待复核的不满意评价");
    await desk.close();
  },
);
