// Headless Chromium screenshot of the dispatcher's map with grids, components and cases.
// (WebGL2 runs on SwiftShader with the harness's --disable-gpu; no other GPU flag needed.)
import { test, expect } from "bun:test";
import { testApp, makeUser, TEST_PASSWORD } from "../server/testing/index.ts";
import { seedCounty, randomComponents, insertComponents, insertCase } from "../server/maps/fixtures.ts";
import { hasChromium, serveApp, shot, useBrowser } from "./harness.ts";

const env = useBrowser(async () => {
  const t = testApp();
  const county = seedCounty(t.deps.db);
  randomComponents(t.deps.db, county.categoryIds, 2000, county.bbox, 5);
  insertComponents(t.deps.db, county.categoryIds[0]!, [[115.8625, 28.6875]]);
  insertCase(t.deps.db, {
    no: "C001",
    lng: 115.856,
    lat: 28.684,
    state: "dispatched",
    due_at: "2000-01-01T00:00:00Z",
    created_at: "2026-11-01T00:00:00Z",
  });
  insertCase(t.deps.db, {
    no: "C002",
    lng: 115.874,
    lat: 28.693,
    state: "filed",
    due_at: "2999-01-01T00:00:00Z",
    created_at: "2026-11-01T00:00:00Z",
  });
  await makeUser(t, "disp", ["dispatcher"]);
  return serveApp(t.app, t.dir);
});

test.skipIf(!hasChromium)(
  "the dispatcher's map renders grids, components and cases offline",
  async () => {
    const origin = env.server.url;
    const outside: string[] = [];
    const errors: string[] = [];
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:"))
        outside.push(r.url());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${origin}/login`);
    await page.fill('input[name="username"]', "disp");
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    await page.goto(`${origin}/map`);
    await page.waitForFunction(() => document.documentElement.dataset.mapReady === "1", null, { timeout: 30000 });
    await page.waitForFunction(
      () => (globalThis as any).__wanmiMap.loaded() && (globalThis as any).__wanmiMap.areTilesLoaded(),
      null,
      { timeout: 30000 },
    );
    // then one more frame drawn with everything in it: MapLibre's "idle" after a repaint
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const m = (globalThis as any).__wanmiMap;
          m.once("idle", () => done());
          m.triggerRepaint();
        }),
    );
    const counts = await page.evaluate(() => {
      const m = (globalThis as any).__wanmiMap;
      const n = (layers: string[]) => m.queryRenderedFeatures({ layers }).length;
      return {
        grids: new Set(m.queryRenderedFeatures({ layers: ["grid-fill"] }).map((f: any) => f.properties.code)).size,
        comps: n(["comp-cluster", "comp-point", "comp-single"]),
        cases: n(["case-point", "case-cluster"]),
        towns: n(["town-label"]),
        zoom: m.getZoom(),
        gl: (() => {
          const g = m.getCanvas().getContext("webgl2");
          return g ? g.getParameter(g.VERSION) : "none";
        })(),
      };
    });
    console.log("map screenshot:", await shot(page, "map-dispatcher"), JSON.stringify(counts));
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    expect(counts.grids).toBe(24);
    expect(counts.comps).toBeGreaterThan(10);
    expect(counts.cases).toBeGreaterThanOrEqual(1);
    expect(counts.gl).toContain("WebGL 2.0");
  },
  90_000,
);
