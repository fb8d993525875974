// The location picker: clicking the map fills WGS-84 inputs and shows grid, street and nearby components.
// WebGL via SwiftShader with the harness's --disable-gpu, as in e2e/map.test.ts.
import { test, expect } from "bun:test";
import { testApp, makeUser, TEST_PASSWORD } from "../server/testing/index.ts";
import { seedCounty, insertComponents } from "../server/maps/fixtures.ts";
import { page as render } from "../server/core/page.tsx";
import { mapConfig } from "../server/maps/routes.tsx";
import { MapPicker, MapHead } from "../views/maps/picker.tsx";
import { hasChromium, serveApp, shot, useBrowser } from "./harness.ts";

const env = useBrowser(async () => {
  const t = testApp();
  const county = seedCounty(t.deps.db);
  insertComponents(t.deps.db, county.categoryIds[0]!, [[115.8525, 28.6825]]);
  await makeUser(t, "insp", ["inspector"]);
  t.router.get("/test/picker", ["inspector"], (c) =>
    render(
      c,
      <form>
        <MapPicker config={mapConfig(c)} />
      </form>,
      { title: "位置", layout: "mobile", head: <MapHead /> },
    ),
  );
  return serveApp(t.app, t.dir);
});

test.skipIf(!hasChromium)(
  "the picker sets the location on click and shows the grid and nearest component",
  async () => {
    const origin = env.server.url;
    const page = await env.browser.newPage({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 1 });
    await page.goto(`${origin}/login`);
    await page.fill('input[name="username"]', "insp");
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    await page.goto(`${origin}/test/picker`);
    await page.waitForFunction(
      () => (document.querySelector("[data-map-picker]") as HTMLElement)?.dataset.ready === "1",
      null,
      { timeout: 30000 },
    );
    const p = await page.evaluate(() => {
      const m = (document.querySelector("[data-map-picker]") as any).wanmiPicker.map;
      const pt = m.project([115.8524, 28.6824]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + pt.x, y: r.top + pt.y };
    });
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction(
      () => document.querySelector('[data-role="info"]')!.textContent!.includes("单元网格"),
      null,
      { timeout: 10000 },
    );
    const lng = Number(await page.inputValue('input[name="lng"]'));
    const lat = Number(await page.inputValue('input[name="lat"]'));
    expect(Math.abs(lng - 115.8524)).toBeLessThan(0.0002);
    expect(Math.abs(lat - 28.6824)).toBeLessThan(0.0002);
    expect(await page.inputValue('input[name="crs"]')).toBe("wgs84");
    const info = await page.textContent('[data-role="info"]');
    expect(info).toContain("360111001001001");
    expect(info).toContain("城关街道");
    expect(info).toContain("上水井盖");
    await shot(page, "map-picker");
  },
  90_000,
);
