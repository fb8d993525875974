/**
 * Component tile benchmark: 1,000,000 components over a ~50 × 45 km county; tiles at
 * zoom 14–17 requested through the real app (session, router, handler), cold (not in
 * any tile cache) then cached (memory LRU). Prints figures; asserts nothing.
 * Run: node_modules/.bin/bun bench/tiles.ts [components=1000000] [tilesPerZoom=200]
 */
import { testApp, makeUser, Client } from "../server/testing/index.ts";
import { seedCounty, randomComponents, rng } from "../server/maps/fixtures.ts";
import { lngLatToTileXY } from "../server/maps/mvt.ts";

const N = Number(process.argv[2] ?? 1_000_000);
const PER_ZOOM = Number(process.argv[3] ?? 200);
const t = testApp();
let t0 = performance.now();
const county = seedCounty(t.deps.db, 100, 90); // 0.5° × 0.45°, 9,000 unit grids
randomComponents(t.deps.db, county.categoryIds, N, county.bbox, 42);
t.deps.db.sqlite.run("ANALYZE");
console.log(
  `seeded ${N.toLocaleString()} components in ${((performance.now() - t0) / 1000).toFixed(1)} s (${Math.round(N / ((performance.now() - t0) / 1000)).toLocaleString()} rows/s, R*Tree + version triggers)`,
);
await makeUser(t, "bench", ["dispatcher"]);
const c = new Client(t);
await c.login("bench");

const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const r = rng(9);
console.log(
  "zoom | tiles | feats/tile (mean) | bytes/tile (mean) | cold p50 / p95 / max ms | cached p50 / p95 / max ms",
);
for (const z of [14, 15, 16, 17]) {
  const seen = new Set<string>();
  const tiles: [number, number][] = [];
  while (tiles.length < PER_ZOOM) {
    const [fx, fy] = lngLatToTileXY(
      county.bbox[0] + r() * (county.bbox[2] - county.bbox[0]),
      county.bbox[1] + r() * (county.bbox[3] - county.bbox[1]),
      z,
    );
    const k = `${Math.floor(fx)}/${Math.floor(fy)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    tiles.push([Math.floor(fx), Math.floor(fy)]);
  }
  const cold: number[] = [];
  const warm: number[] = [];
  let bytes = 0;
  let feats = 0;
  for (const [x, y] of tiles) {
    const s = performance.now();
    const res = await c.get(`/api/maps/tiles/components/${z}/${x}/${y}`);
    const buf = new Uint8Array(await res.arrayBuffer());
    cold.push(performance.now() - s);
    if (res.headers.get("x-tile-source") !== "built") throw new Error("expected a cold build");
    bytes += buf.length;
    feats += buf.length ? countFeatures(buf) : 0;
  }
  for (const [x, y] of tiles) {
    const s = performance.now();
    const res = await c.get(`/api/maps/tiles/components/${z}/${x}/${y}`);
    await res.arrayBuffer();
    warm.push(performance.now() - s);
    if (res.headers.get("x-tile-source") !== "memory") throw new Error("expected a memory hit");
  }
  const f = (v: number) => v.toFixed(2);
  console.log(
    `${z}   | ${tiles.length}   | ${Math.round(feats / tiles.length)} | ${Math.round(bytes / tiles.length)} | ${f(pct(cold, 50))} / ${f(pct(cold, 95))} / ${f(Math.max(...cold))} | ${f(pct(warm, 50))} / ${f(pct(warm, 95))} / ${f(Math.max(...warm))}`,
  );
}
t0 = performance.now();
const z12 = lngLatToTileXY((county.bbox[0] + county.bbox[2]) / 2, (county.bbox[1] + county.bbox[3]) / 2, 12);
await (await c.get(`/api/maps/tiles/components/12/${Math.floor(z12[0])}/${Math.floor(z12[1])}`)).arrayBuffer();
console.log(`cluster tile z12 (centre) cold: ${(performance.now() - t0).toFixed(1)} ms`);

function countFeatures(buf: Uint8Array): number {
  // Cheap: decode with the in-house decoder.
  return Object.values(decodeTile(buf)).reduce((n, l) => n + l.features.length, 0);
}
import { decodeTile } from "../server/maps/mvt.ts";
