// The CSP holds without 'unsafe-eval' (issue #19 point 10): the pages that load htmx, MapLibre GL
// (map, phone report), ECharts (cockpit) and the portal run with no CSP violation and no page error.
import { test, expect } from "bun:test";
import type { Page } from "playwright-core";
import { hasChromium, useDemoServer, signIn } from "./harness.ts";

const env = useDemoServer();

async function watch(page: Page) {
  const problems: string[] = [];
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    ),
  );
  page.on("console", (m) => {
    if (/CSP violation|Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

test.skipIf(!hasChromium)(
  "map, cockpit, workbenches, phone and portal run under a CSP without unsafe-eval",
  async () => {
    const url = env.server.url;
    const head = await fetch(`${url}/login`);
    expect(head.headers.get("content-security-policy")).not.toContain("unsafe-eval");
    const visits: [string, string[]][] = [
      ["dispatcher", ["/map", "/workbench/dispatcher"]],
      ["leader", ["/dashboard", "/evaluation"]],
      ["intake", ["/workbench/intake"]],
      ["inspector", ["/m", "/m/report"]],
    ];
    const seen: Record<string, string[]> = {};
    for (const [user, paths] of visits) {
      const ctx = await env.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
      const page = await ctx.newPage();
      const problems = await watch(page);
      await signIn(page, url, user);
      for (const p of paths) {
        await page.goto(url + p, { waitUntil: "networkidle" });
        if (p === "/map") await page.waitForFunction(() => document.documentElement.dataset.mapReady === "1");
        if (p === "/dashboard") await page.waitForSelector("canvas");
      }
      seen[user] = problems;
      await ctx.close();
    }
    const ctx = await env.browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    const problems = await watch(page);
    await page.goto(`${url}/p/report`, { waitUntil: "networkidle" });
    seen.portal = problems;
    await ctx.close();
    expect(seen).toEqual({ dispatcher: [], leader: [], intake: [], inspector: [], portal: [] });
  },
  120_000,
);
