// Every role signs in through the real page in Chromium and lands on its own workbench.
import { test, expect } from "bun:test";
import { hasChromium, useDemoServer, signIn, shot } from "./harness.ts";

const env = useDemoServer();

const LANDINGS: [string, string, string][] = [
  ["admin", "/workbench/admin", "管理员工作台"],
  ["leader", "/workbench/leader", "领导工作台"],
  ["intake", "/workbench/intake", "受理员工作台"],
  ["dispatcher", "/workbench/dispatcher", "派遣员工作台"],
  ["hotline", "/workbench/hotline", "话务员工作台"],
  ["water", "/workbench/handler", "处置人员工作台"],
];

test.skipIf(!hasChromium)(
  "each role signs in and lands on its workbench; sign-out works",
  async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    await page.goto(env.server.url + "/login");
    await shot(page, "login");
    for (const [user, path, heading] of LANDINGS) {
      await signIn(page, env.server.url, user);
      expect(new URL(page.url()).pathname).toBe(path);
      expect(await page.textContent("h2")).toBe(heading);
      if (user === "admin") await shot(page, "workbench-admin");
      await Promise.all([page.waitForURL(/\/login/), page.click("text=退出登录")]);
    }
    await ctx.close();
  },
  30_000,
);

test.skipIf(!hasChromium)(
  "the inspector lands on the phone app in a phone-sized viewport",
  async () => {
    const ctx = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "zh-CN",
    });
    const page = await ctx.newPage();
    await signIn(page, env.server.url, "inspector");
    expect(new URL(page.url()).pathname).toBe("/m");
    expect(await page.textContent(".m-top h1")).toBe("城管通");
    await shot(page, "mobile-home");
    await ctx.close();
  },
  30_000,
);

test.skipIf(!hasChromium)(
  "a wrong password shows the Chinese message on the page and a bad admin form keeps its input",
  async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(env.server.url + "/login");
    await page.fill("input[name=username]", "admin");
    await page.fill("input[name=password]", "not-the-password");
    await page.click("button[type=submit]");
    await page.waitForSelector(".alert.error");
    expect(await page.textContent(".alert.error")).toContain("用户名或密码不正确");
    await signIn(page, env.server.url, "admin");
    await page.goto(env.server.url + "/admin/users/new");
    await page.fill("input[name=username]", "new_user");
    await page.fill("input[name=name]", "新同事");
    await page.fill("input[name=password]", "123");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".alert.error");
    expect(await page.inputValue("input[name=name]")).toBe("新同事");
    expect(await page.textContent("body")).toContain("至少选择一个角色");
    await shot(page, "admin-user-form-error");
    await ctx.close();
  },
  30_000,
);
