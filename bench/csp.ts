// Visit the main pages of a running server in headless Chromium and report CSP violations and
// page errors; saves screenshots. Usage:
//   BASE=http://127.0.0.1:PORT bun bench/csp.ts user:password[:page,page…] …
import { chromium } from "playwright-core";

const base = process.env.BASE ?? "http://127.0.0.1:3000";
const out = process.env.OUT ?? "/tmp";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
let violations = 0;
for (const spec of process.argv.slice(2)) {
  const [user, password, pages] = spec.split(":");
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Refused to ... CSP violation ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  await page.goto(base + "/login");
  await page.fill("input[name=username]", user!);
  await page.fill("input[name=password]", password!);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  const landed = new URL(page.url()).pathname;
  for (const p of [landed, ...(pages ? pages.split(",") : [])]) {
    const res = await page.goto(base + p);
    await page.waitForTimeout(300);
    // exercise htmx: click the first hx-get/hx-post-free link-like control if any (keeps it read-only)
    const file = `${out}/csp-${user}-${p.replace(/[^a-z0-9]+/gi, "_")}.png`;
    await page.screenshot({ path: file, fullPage: false });
    console.log(
      `${user} ${p} → ${res?.status()} csp=${JSON.stringify(res?.headers()["content-security-policy"]?.slice(0, 40))}… ${file}`,
    );
  }
  for (const pr of problems) console.log("  VIOLATION/ERROR:", pr);
  violations += problems.length;
  await ctx.close();
}
await browser.close();
console.log(`CSP violations and page errors: ${violations}`);
process.exit(violations ? 1 : 0);
