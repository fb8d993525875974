// GeoJSON grid import: bad features are rejected with their number and reason, good ones kept,
// the export gives them back, and lookups see the new grids at once.
import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { importGrids, exportGrids } from "./verbs/import-grids.ts";
import { lookupGrid } from "./lookup.ts";
import { wgs84ToGcj02 } from "../core/coords.ts";

const admin = { kind: "system" as const, job: "test" };
const sq = (x: number, y: number, d = 0.001) => ({
  type: "Polygon",
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});
const feature = (code: string, geometry: unknown, extra: Record<string, unknown> = {}) => ({
  type: "Feature",
  properties: { code, town_name: "东湖街道", community_name: "幸福社区", ...extra },
  geometry,
});

test("bad features are rejected with feature number and reason; the good ones are imported and exported back", () => {
  const db = testDb();
  const fc = {
    type: "FeatureCollection",
    features: [
      feature("360121001001001", sq(115.9, 28.6), { name: "一号网格" }),
      feature("360121001001002", sq(115.901, 28.6)),
      feature("36012100100100", sq(115.902, 28.6)), // 14 digits
      feature("360121001001003", {
        type: "Polygon",
        coordinates: [
          [
            [115.9, 28.6],
            [115.91, 28.61],
            [115.91, 28.6],
            [115.9, 28.61],
            [115.9, 28.6],
          ],
        ],
      }), // bow-tie
      feature("360121001001004", { type: "Point", coordinates: [115.9, 28.6] }),
      feature("360121001001001", sq(115.903, 28.6)), // duplicate in file
      feature("440300001001001", sq(115.904, 28.6)), // another county
      feature("360121001001005", sq(10.5, 50.1)), // outside China (swapped or wrong coordinates)
    ],
  };
  const r = importGrids(db, admin, { fileName: "grids.geojson", text: JSON.stringify(fc) });
  expect([r.created, r.updated]).toEqual([2, 0]);
  expect(r.rejected.map((x) => x.feature)).toEqual([3, 4, 5, 6, 7, 8]);
  expect(r.rejected[0]!.reason).toContain("15 位数字");
  expect(r.rejected[1]!.reason).toContain("几何无效");
  expect(r.rejected[3]!.reason).toContain("重复");
  expect(r.rejected[4]!.reason).toContain("360121");
  expect(r.rejected[5]!.reason).toContain("不在中国范围内");
  // the batch report keeps every rejected row with its reason
  const batch = db.sqlite
    .query("SELECT total, imported, rejected, report FROM import_batches WHERE id = ?")
    .get(r.batchId) as any;
  expect([batch.total, batch.imported, batch.rejected]).toEqual([8, 2, 6]);
  expect(JSON.parse(batch.report).length).toBe(6);
  // lookups see the new grids immediately, towns and communities were created from the code
  expect(lookupGrid(db, 115.9005, 28.6005)).toMatchObject({
    gridCode: "360121001001001",
    townName: "东湖街道",
    communityName: "幸福社区",
  });
  expect(lookupGrid(db, 115.9015, 28.6005)?.gridCode).toBe("360121001001002");
  // export gives the same codes and geometry back
  const out = exportGrids(db) as any;
  expect(out.features.map((f: any) => f.properties.code).sort()).toEqual(["360121001001001", "360121001001002"]);
  expect(out.features.find((f: any) => f.properties.code === "360121001001001").geometry).toEqual(sq(115.9, 28.6));
});

test("re-importing a code updates the grid; GCJ-02 input is converted to WGS-84; broken JSON is refused whole", () => {
  const db = testDb();
  importGrids(db, admin, {
    fileName: "a.geojson",
    text: JSON.stringify({ type: "FeatureCollection", features: [feature("360121001001001", sq(115.9, 28.6))] }),
  });
  const ring = sq(115.95, 28.65).coordinates[0]!.map(([x, y]) => wgs84ToGcj02(x!, y!));
  const r = importGrids(db, admin, {
    fileName: "b.geojson",
    crs: "gcj02",
    text: JSON.stringify({
      type: "FeatureCollection",
      features: [feature("360121001001001", { type: "Polygon", coordinates: [ring] })],
    }),
  });
  expect([r.created, r.updated, r.rejected.length]).toEqual([0, 1, 0]);
  expect(lookupGrid(db, 115.9005, 28.6005)).toBeNull();
  expect(lookupGrid(db, 115.9505, 28.6505)?.gridCode).toBe("360121001001001");
  expect(() => importGrids(db, admin, { fileName: "c.geojson", text: "{not json" })).toThrow(/不是有效的 JSON/);
  expect((db.sqlite.query("SELECT count(*) AS n FROM grids").get() as any).n).toBe(1);
});
