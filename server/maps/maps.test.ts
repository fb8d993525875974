import { test, expect } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testApp, Client, makeUser } from "../testing/index.ts";
import { seedCounty, insertComponents, insertCase } from "./fixtures.ts";
import { decodeTile, lngLatToTileXY } from "./mvt.ts";
import { wgs84ToGcj02 } from "../core/coords.ts";
import { readLngLat } from "./input.ts";

async function setup(roles: Parameters<typeof makeUser>[2] = ["dispatcher"]) {
  const t = testApp();
  const county = seedCounty(t.deps.db);
  await makeUser(t, "u1", roles);
  const c = new Client(t);
  await c.login("u1");
  return { t, c, county };
}

test("the component tile endpoint serves MVT with the component, cached, and refreshed after a change", async () => {
  const { t, c, county } = await setup();
  const [id] = insertComponents(t.deps.db, county.categoryIds[0]!, [[115.8612, 28.6934]]);
  const [fx, fy] = lngLatToTileXY(115.8612, 28.6934, 16);
  const path = `/api/maps/tiles/components/16/${Math.floor(fx)}/${Math.floor(fy)}`;
  const r1 = await c.get(path);
  expect(r1.status).toBe(200);
  expect(r1.headers.get("content-type")).toBe("application/vnd.mapbox-vector-tile");
  expect(r1.headers.get("x-tile-source")).toBe("built");
  const layer = decodeTile(new Uint8Array(await r1.arrayBuffer())).components!;
  expect(layer.features.map((f) => f.id)).toEqual([id!]);
  const r2 = await c.get(path);
  expect(r2.headers.get("x-tile-source")).toBe("memory");
  const [id2] = insertComponents(t.deps.db, county.categoryIds[0]!, [[115.8613, 28.6935]]);
  const r3 = await c.get(path);
  expect(r3.headers.get("x-tile-source")).toBe("built");
  expect(
    decodeTile(new Uint8Array(await r3.arrayBuffer()))
      .components!.features.map((f) => f.id)
      .sort(),
  ).toEqual([id!, id2!].sort());
  expect((await c.get("/api/maps/tiles/components/16/99999999/1")).status).toBe(404);
  const card = (await (await c.get(`/api/maps/components/${id}`)).json()) as any;
  expect([card.code, card.category, card.status]).toEqual(["3601110100000001", "上水井盖", "normal"]);
  expect((await c.get("/api/maps/components/999999")).status).toBe(404);
});

test("locate takes GCJ-02 input, converts to WGS-84, and returns grid, town, community and nearest components", async () => {
  const { t, c, county } = await setup(["inspector"]);
  const ids = insertComponents(t.deps.db, county.categoryIds[0]!, [
    [115.8526, 28.6826],
    [115.853, 28.6826],
    [115.87, 28.69],
  ]);
  const [glng, glat] = wgs84ToGcj02(115.8524, 28.6824);
  const r = await c.get(`/api/maps/locate?lng=${glng}&lat=${glat}&crs=gcj02`);
  expect(r.status).toBe(200);
  const j = (await r.json()) as any;
  expect(j.crs).toBe("gcj02");
  expect(j.lng).toBeCloseTo(115.8524, 6);
  expect(j.lat).toBeCloseTo(28.6824, 6);
  expect(j.grid.code).toBe("360111001001001");
  expect(j.town.name).toBe("城关街道");
  expect(j.community.name).toBe("城关第1社区");
  expect(j.components.map((x: any) => x.id)).toEqual([ids[0], ids[1]]);
  expect(j.components[0].distanceM).toBeGreaterThan(25);
  expect(j.components[0].distanceM).toBeLessThan(35);
  expect(j.components[0].category).toBe("上水井盖");
  // Without crs = WGS-84; the same GCJ numbers land ~500 m away, in another grid.
  const w = (await (await c.get(`/api/maps/locate?lng=${glng}&lat=${glat}`)).json()) as any;
  expect(w.crs).toBe("wgs84");
  expect(w.lng).toBe(Math.round(glng * 1e7) / 1e7);
  expect(w.grid?.code).not.toBe("360111001001001");
  const bad = await c.get(`/api/maps/locate?lng=500&lat=1`);
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as any).error.code).toBe("maps.coords");
  expect((await c.get(`/api/maps/locate?lng=115&lat=28&crs=mars`)).status).toBe(422);
});

test("readLngLat converts BD-09 and rejects blanks", () => {
  const p = readLngLat({ lng: "115.8650", lat: "28.6900", crs: "bd09" });
  expect(p.lng).toBeLessThan(115.865);
  expect(p.lng).toBeGreaterThan(115.85);
  expect(() => readLngLat({ lng: "", lat: "28" })).toThrow();
});

test("grid and region layers: GeoJSON with codes and ETag; 304 when unchanged", async () => {
  const { c } = await setup(["leader"]);
  const r = await c.get("/api/maps/grids.geojson");
  expect(r.status).toBe(200);
  const j = (await r.json()) as any;
  expect(j.features.length).toBe(24);
  expect(j.features[0].properties).toEqual({
    code: "360111001001001",
    name: "网格0-0",
    town: "城关街道",
    community: "城关第1社区",
    resp: "",
  });
  const etag = r.headers.get("etag")!;
  expect((await c.get("/api/maps/grids.geojson", { "if-none-match": etag })).status).toBe(304);
  const reg = (await (await c.get("/api/maps/regions.geojson")).json()) as any;
  expect(reg.features.filter((f: any) => f.properties.level === "town").map((f: any) => f.properties.name)).toEqual([
    "城关街道",
    "新城街道",
  ]);
});

test("the map page renders with config and assets; nav shows 地图 to a dispatcher only among these", async () => {
  const { t, c } = await setup(["dispatcher"]);
  const r = await c.get("/map");
  expect(r.status).toBe(200);
  const h = await r.text();
  expect(h).toContain('id="map-config"');
  expect(h).toContain("/assets/map.js");
  expect(h).toContain('href="/map"');
  const cfg = JSON.parse(/<script type="application\/json" id="map-config">(.*?)<\/script>/s.exec(h)![1]!);
  expect(cfg.extent).toEqual([115.85, 28.68, 115.88, 28.7]);
  expect(cfg.tiles).toMatch(/^\/api\/maps\/tiles\/components\/\{z\}\/\{x\}\/\{y\}\?v=\d+$/);
  for (const a of ["maplibre-gl.mjs", "maplibre-gl-worker.mjs", "pmtiles.js", "map-picker.js"]) {
    const res = await c.get(`/assets/${a}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
  }
  await makeUser(t, "h1", ["handler"]);
  const h1 = new Client(t, "10.0.0.2");
  await h1.login("h1");
  expect((await h1.get("/map")).status).toBe(403);
  expect((await h1.get("/api/maps/cases.geojson")).status).toBe(403);
});

test("PMTiles basemaps are listed and served with Range (206/416)", async () => {
  const { t, c } = await setup(["dispatcher"]);
  const dir = join(t.dir, "maps");
  mkdirSync(dir, { recursive: true });
  const buf = Buffer.alloc(300);
  buf.write("PMTiles", 0, "latin1");
  buf[7] = 3;
  buf[99] = 1; // mvt
  buf[100] = 0;
  buf[101] = 14;
  buf.writeInt32LE(1158500000, 102);
  for (let i = 127; i < 300; i++) buf[i] = i % 256;
  writeFileSync(join(dir, "county.pmtiles"), buf);
  const cfg = JSON.parse(/id="map-config">(.*?)<\/script>/s.exec(await (await c.get("/map")).text())![1]!);
  expect(cfg.basemaps).toEqual([
    { name: "county.pmtiles", url: "/maps/basemaps/county.pmtiles", tileType: "mvt", maxZoom: 14 },
  ]);
  const r = await c.get("/maps/basemaps/county.pmtiles", { range: "bytes=127-130" });
  expect(r.status).toBe(206);
  expect(r.headers.get("content-range")).toBe("bytes 127-130/300");
  expect([...new Uint8Array(await r.arrayBuffer())]).toEqual([127, 128, 129, 130]);
  const tail = await c.get("/maps/basemaps/county.pmtiles", { range: "bytes=-2" });
  expect(tail.headers.get("content-range")).toBe("bytes 298-299/300");
  expect((await c.get("/maps/basemaps/county.pmtiles", { range: "bytes=400-" })).status).toBe(416);
  const all = await c.get("/maps/basemaps/county.pmtiles");
  expect(all.status).toBe(200);
  expect((await all.arrayBuffer()).byteLength).toBe(300);
  expect((await c.get("/maps/basemaps/..%2Fwanmi.db")).status).toBe(404);
});

test("an administrator uploads a basemap; a non-PMTiles file is refused", async () => {
  const { t, c } = await setup(["admin"]);
  const form = async (name: string, bytes: Uint8Array) => {
    const fd = new FormData();
    fd.append("_csrf", await c.csrf());
    fd.append("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
    return c.request("/admin/maps/basemaps", { method: "POST", body: fd });
  };
  const good = new Uint8Array(200);
  good.set(new TextEncoder().encode("PMTiles"), 0);
  good[7] = 3;
  good[99] = 2;
  expect((await form("sat.pmtiles", good)).status).toBe(303);
  const page = await (await c.get("/admin/maps")).text();
  expect(page).toContain("sat.pmtiles");
  expect(page).toContain("影像 (png)");
  const bad = await form("x.pmtiles", new Uint8Array(200));
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain("不是 PMTiles v3 文件");
  const audit = t.deps.db.sqlite
    .query("SELECT entity, entity_id, action FROM audit_log WHERE entity = 'basemap'")
    .all();
  expect(audit).toEqual([{ entity: "basemap", entity_id: "sat.pmtiles", action: "upload" }]);
});

test("case layers read the cases table when it exists: open only, overdue flag, heat and hot spots", async () => {
  const { t, c } = await setup(["dispatcher"]);
  expect(((await (await c.get("/api/maps/cases.geojson")).json()) as any).features).toEqual([]);
  const db = t.deps.db;
  insertCase(db, {
    no: "A1",
    lng: 115.86,
    lat: 28.69,
    state: "dispatched",
    due_at: "2000-01-01T00:00:00Z",
    category_id: 4,
    created_at: "2026-11-01T08:00:00Z",
  });
  insertCase(db, {
    no: "A2",
    lng: 115.8601,
    lat: 28.6901,
    state: "filed",
    due_at: "2999-01-01T00:00:00Z",
    category_id: 4,
    created_at: "2026-11-02T08:00:00Z",
  });
  insertCase(db, {
    no: "A3",
    lng: 115.8602,
    lat: 28.6902,
    state: "closed",
    category_id: 4,
    created_at: "2026-11-03T08:00:00Z",
  });
  insertCase(db, {
    no: "A4",
    lng: 115.87,
    lat: 28.695,
    state: "filed",
    category_id: 3,
    created_at: "2026-10-01T08:00:00Z",
  });
  const j = (await (await c.get("/api/maps/cases.geojson")).json()) as any;
  expect(j.features.map((f: any) => [f.properties.code, f.properties.overdue])).toEqual([
    ["A1", true],
    ["A2", false],
    ["A4", false],
  ]);
  const h = (await (await c.get("/api/maps/heat?category=4&from=2026-11-01&to=2026-12-01")).json()) as any;
  expect(h.points.features.length).toBe(3);
  expect(h.hotspots).toEqual([{ lng: 115.8601, lat: 28.6901, count: 3 }]);
  expect((await c.get("/api/maps/heat?from=yesterday")).status).toBe(422);
  expect(((await (await c.get("/api/maps/tracks.geojson")).json()) as any).type).toBe("FeatureCollection");
});
