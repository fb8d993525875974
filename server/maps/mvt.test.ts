import { test, expect, describe } from "bun:test";
import { encodeTile, decodeTile, lngLatToTileXY, tileXYToLngLat, tileBounds, project, EXTENT } from "./mvt.ts";
import { ComponentTiles, CLUSTER_BELOW, BUFFER } from "./tiles.ts";
import { testDb, tempDir } from "../testing/index.ts";
import { seedCounty, insertComponents, randomComponents, rng } from "./fixtures.ts";

describe("MVT encoder", () => {
  test("round-trips points, lines and polygons with properties and ids", () => {
    const buf = encodeTile([
      {
        name: "things",
        features: [
          {
            id: 7,
            geometry: { type: "Point", points: [[10, 20]] },
            properties: { code: "井盖", n: -3, ok: true, big: 123456789012, f: 1.5 },
          },
          {
            id: 8,
            geometry: {
              type: "LineString",
              lines: [
                [
                  [0, 0],
                  [100, 0],
                  [100, 100],
                ],
              ],
            },
            properties: { code: "井盖" },
          },
          // Given counter-clockwise on screen: the encoder must fix the winding.
          {
            geometry: {
              type: "Polygon",
              rings: [
                [
                  [0, 0],
                  [0, 10],
                  [10, 10],
                  [10, 0],
                  [0, 0],
                ],
              ],
            },
            properties: {},
          },
        ],
      },
      { name: "empty", features: [] },
    ]);
    const t = decodeTile(buf);
    expect(Object.keys(t)).toEqual(["things"]);
    const l = t.things!;
    expect(l.version).toBe(2);
    expect(l.extent).toBe(4096);
    expect(l.features.length).toBe(3);
    expect(l.features[0]).toEqual({
      id: 7,
      type: 1,
      properties: { code: "井盖", n: -3, ok: true, big: 123456789012, f: 1.5 },
      geometry: [[[10, 20]]],
    });
    expect(l.features[1]!.type).toBe(2);
    expect(l.features[1]!.geometry).toEqual([
      [
        [0, 0],
        [100, 0],
        [100, 100],
      ],
    ]);
    const ring = l.features[2]!.geometry[0]!;
    expect(ring.length).toBe(5);
    // Exterior ring: positive area by the surveyor's formula in tile space (MVT 2.1 §4.3.4.4) = clockwise on screen.
    let s = 0;
    for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
    expect(s).toBeGreaterThan(0);
  });

  test("known bytes: one point layer encodes exactly as the spec example", () => {
    // Spec example: MoveTo(1) (25,17) → [9, 50, 34]
    const t = encodeTile([
      { name: "p", features: [{ geometry: { type: "Point", points: [[25, 17]] }, properties: {} }] },
    ]);
    const hex = Buffer.from(t).toString("hex");
    expect(hex).toContain("2203093222"); // geometry: field 4 packed, len 3, 9 50 34
  });

  test("tile math: corners and round trip", () => {
    expect(tileXYToLngLat(0, 0, 0)[0]).toBe(-180);
    expect(tileXYToLngLat(0, 0, 0)[1]).toBeCloseTo(85.0511287798, 8);
    const [fx, fy] = lngLatToTileXY(115.85, 28.68, 15);
    expect(Math.floor(fx)).toBe(26928); // (115.85+180)/360·2^15 = 26928.92
    expect(Math.floor(fy)).toBe(13657); // Mercator y = 13657.10
    const [lng, lat] = tileXYToLngLat(fx, fy, 15);
    expect(lng).toBeCloseTo(115.85, 10);
    expect(lat).toBeCloseTo(28.68, 10);
  });
});

describe("component tiles from SQLite", () => {
  test("a known component appears in the right tile at the right place", () => {
    const db = testDb();
    const c = seedCounty(db);
    const [id] = insertComponents(db, c.categoryIds[0]!, [[115.86123, 28.69456]]);
    const tiles = new ComponentTiles(db);
    for (const z of [14, 15, 16, 17]) {
      const [fx, fy] = lngLatToTileXY(115.86123, 28.69456, z);
      const x = Math.floor(fx);
      const y = Math.floor(fy);
      const layer = decodeTile(tiles.get(z, x, y).data).components!;
      const f = layer.features.find((f) => f.id === id)!;
      expect(f).toBeDefined();
      expect(f.type).toBe(1);
      expect(f.properties.status).toBe("normal");
      expect(f.properties.cat).toBe("0101");
      expect(f.geometry[0]![0]).toEqual(project(115.86123, 28.69456, z, x, y));
      // Not in a far tile.
      expect(decodeTile(tiles.get(z, x + 3, y).data).components).toBeUndefined();
    }
  });

  test("none missing at the edges: every point of a 3×3 tile block is in each tile whose closed bounds hold it", () => {
    const db = testDb();
    const c = seedCounty(db);
    const z = 16;
    const [fx, fy] = lngLatToTileXY(115.86, 28.69, z);
    const x0 = Math.floor(fx) - 1;
    const y0 = Math.floor(fy) - 1;
    const pts: [number, number][] = [];
    const r = rng(3);
    // Points exactly on tile edges and corners, just inside/outside them, and random ones.
    for (let i = 0; i <= 3; i++)
      for (let j = 0; j <= 3; j++) {
        const [lng, lat] = tileXYToLngLat(x0 + i, y0 + j, z);
        pts.push([lng, lat], [lng + 1e-9, lat - 1e-9], [lng - 1e-9, lat + 1e-9]);
        const [mlng, mlat] = tileXYToLngLat(x0 + i + 0.5, y0 + j, z);
        pts.push([mlng, mlat]);
      }
    for (let k = 0; k < 400; k++) {
      const [lng, lat] = tileXYToLngLat(x0 + r() * 3, y0 + r() * 3, z);
      pts.push([lng, lat]);
    }
    const ids = insertComponents(db, c.categoryIds[0]!, pts);
    const tiles = new ComponentTiles(db);
    const seen = new Map<number, Set<string>>();
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const l = decodeTile(tiles.get(z, x0 + i, y0 + j).data).components;
        for (const f of l?.features ?? []) {
          if (!seen.has(f.id!)) seen.set(f.id!, new Set());
          seen.get(f.id!)!.add(`${x0 + i}/${y0 + j}`);
          const [px, py] = f.geometry[0]![0]!;
          expect(px).toBeGreaterThanOrEqual(-BUFFER);
          expect(px).toBeLessThanOrEqual(EXTENT + BUFFER);
          expect(py).toBeGreaterThanOrEqual(-BUFFER);
          expect(py).toBeLessThanOrEqual(EXTENT + BUFFER);
        }
      }
    let checked = 0;
    pts.forEach(([lng, lat], k) => {
      const [px, py] = lngLatToTileXY(lng, lat, z);
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          const tx = x0 + i;
          const ty = y0 + j;
          // Inside the closed tile (with a small tolerance for float rounding): must be there.
          if (px >= tx - 1e-7 && px <= tx + 1 + 1e-7 && py >= ty - 1e-7 && py <= ty + 1 + 1e-7) {
            expect(seen.get(ids[k]!)?.has(`${tx}/${ty}`)).toBe(true);
            checked++;
          }
        }
    });
    expect(checked).toBeGreaterThan(pts.length); // edge points counted in several tiles
    // Every point inside the block is somewhere (points just outside its outer edge are not).
    pts.forEach(([lng, lat], k) => {
      const [px, py] = lngLatToTileXY(lng, lat, z);
      if (px >= x0 && px <= x0 + 3 && py >= y0 && py <= y0 + 3) expect(seen.has(ids[k]!)).toBe(true);
    });
  });

  test("low zoom tiles carry clusters whose counts add up to the components in the tile", () => {
    const db = testDb();
    const c = seedCounty(db);
    randomComponents(db, c.categoryIds, 3000, c.bbox, 11);
    const tiles = new ComponentTiles(db);
    const z = 12;
    const [minX, minY] = lngLatToTileXY(c.bbox[0], c.bbox[3], z);
    const [maxX, maxY] = lngLatToTileXY(c.bbox[2], c.bbox[1], z);
    let total = 0;
    for (let x = Math.floor(minX); x <= Math.floor(maxX); x++)
      for (let y = Math.floor(minY); y <= Math.floor(maxY); y++) {
        const l = decodeTile(tiles.get(z, x, y).data).components;
        for (const f of l?.features ?? []) {
          expect(typeof f.properties.count).toBe("number");
          total += f.properties.count as number;
        }
      }
    expect(z).toBeLessThan(CLUSTER_BELOW);
    expect(total).toBe(3000);
  });

  test("cache: memory, then disk in a new process, invalidated when components change", () => {
    const db = testDb();
    const c = seedCounty(db);
    insertComponents(db, c.categoryIds[0]!, [[115.86, 28.69]]);
    const dir = tempDir("wanmi-tiles-");
    const tiles = new ComponentTiles(db, { cacheDir: dir });
    const [fx, fy] = lngLatToTileXY(115.86, 28.69, 15);
    const [x, y] = [Math.floor(fx), Math.floor(fy)];
    const a = tiles.get(15, x, y);
    expect(a.source).toBe("built");
    expect(tiles.get(15, x, y).source).toBe("memory");
    expect(new ComponentTiles(db, { cacheDir: dir }).get(15, x, y).source).toBe("disk");
    const [newId] = insertComponents(db, c.categoryIds[1]!, [[115.8601, 28.6901]]);
    const b = tiles.get(15, x, y);
    expect(b.source).toBe("built");
    expect(b.version).toBeGreaterThan(a.version);
    expect(decodeTile(b.data).components!.features.map((f) => f.id)).toContain(newId!);
    db.sqlite.run("UPDATE components SET status = 'removed' WHERE id = ?", [newId!]);
    expect(decodeTile(tiles.get(15, x, y).data).components!.features.map((f) => f.id)).not.toContain(newId!);
  });

  test("tileBounds with buffer grows the box", () => {
    const [a, b, c2, d] = tileBounds(15, 26928, 13657);
    const [a2, b2, c3, d2] = tileBounds(15, 26928, 13657, BUFFER);
    expect(a2).toBeLessThan(a);
    expect(b2).toBeLessThan(b);
    expect(c3).toBeGreaterThan(c2);
    expect(d2).toBeGreaterThan(d);
  });
});
