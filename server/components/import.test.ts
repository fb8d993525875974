import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { systemActor } from "../core/context.ts";
import { gridFixture, deptFixture } from "../grid/fixtures.ts";
import { importComponents } from "./verbs/import-components.ts";
import { batchById, componentChanges } from "./queries.ts";
import { saveComponent } from "./verbs/save-component.ts";

const actor = systemActor("test");

test("CSV import keeps good rows, rejects bad rows with row number and reason, and records every change", async () => {
  const db = testDb();
  const { grids } = gridFixture(db, 2);
  deptFixture(db, "SWJ", "县水务局");
  const csv = [
    "部件编码,名称,经度,纬度,状态,养护单位,安装日期",
    "3601210101000001,上水井盖,115.9005,28.7005,完好,SWJ,2020-05-01", // row 2: ok, grid 1
    "3601210101000002,上水井盖,115.9015,28.7005,破损,县水务局,", // row 3: ok, grid 2
    "3701210101000003,上水井盖,115.9,28.7,完好,,", // row 4: wrong county
    "3601219999000004,怪东西,115.9,28.7,完好,,", // row 5: unknown class
    "3601210101000005,上水井盖,abc,28.7,完好,,", // row 6: bad lng
    "3601210101000006,上水井盖,115.9,28.7,坏了,,", // row 7: bad status
    "3601210101000007,上水井盖,115.9,28.7,完好,NOPE,", // row 8: unknown dept
    "3601210101000001,上水井盖,115.9,28.7,完好,,", // row 9: duplicate in file
    "",
    "3601210118000001,路灯,116.5,29.5,,,", // row 11: ok, outside every grid
  ].join("\n");
  const id = await importComponents(db, actor, { fileName: "a.csv", format: "csv", text: csv });
  const b = batchById(db, id)!;
  expect({ status: b.status, total: b.total, imported: b.imported, rejected: b.rejected }).toEqual({
    status: "done",
    total: 9,
    imported: 3,
    rejected: 6,
  });
  const report = JSON.parse(b.report!) as { row: number; code: string; reason: string }[];
  expect(report.map((r) => r.row)).toEqual([4, 5, 6, 7, 8, 9]);
  expect(report[0]!.reason).toContain("360121");
  expect(report[1]!.reason).toContain("9999");
  expect(report[2]!.reason).toContain("经纬度");
  expect(report[3]!.reason).toContain("坏了");
  expect(report[4]!.reason).toContain("NOPE");
  expect(report[5]!.reason).toContain("重复");
  const rows = db.sqlite
    .query("SELECT code, grid_id, status, maint_dept_id IS NOT NULL AS has_maint FROM components ORDER BY code")
    .all();
  expect(rows).toEqual([
    { code: "3601210101000001", grid_id: grids[0]!.id, status: "normal", has_maint: 1 },
    { code: "3601210101000002", grid_id: grids[1]!.id, status: "damaged", has_maint: 1 },
    { code: "3601210118000001", grid_id: null, status: "normal", has_maint: 0 },
  ]);
  expect(
    (
      db.sqlite
        .query("SELECT count(*) AS n FROM component_changes WHERE batch_id = ? AND action = 'import'")
        .get(id) as any
    ).n,
  ).toBe(3);

  // Re-import updates in place with before/after; a manual edit is recorded too.
  await importComponents(db, actor, {
    fileName: "b.geojson",
    format: "geojson",
    text: JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          geometry: { type: "Point", coordinates: [115.9016, 28.7006] },
          properties: { code: "3601210101000001", status: "lost" },
        },
        {
          type: "Feature",
          geometry: {
            type: "LineString",
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
          properties: { code: "3601210101000009" },
        },
      ],
    }),
  });
  const c1 = db.sqlite.query("SELECT id, status, grid_id FROM components WHERE code = '3601210101000001'").get() as any;
  expect(c1.status).toBe("lost");
  expect(c1.grid_id).toBe(grids[1]!.id);
  saveComponent(db, actor, { lng: 115.9005, lat: 28.7005, status: "normal", name: "修复后" }, c1.id);
  const h = componentChanges(db, c1.id);
  expect(h.map((x) => x.action)).toEqual(["update", "import", "import"]);
  expect(JSON.parse(h[0]!.before!).status).toBe("lost");
  expect(JSON.parse(h[0]!.after!).grid_id).toBe(grids[0]!.id);
  const last = db.sqlite.query("SELECT report FROM import_batches ORDER BY id DESC LIMIT 1").get() as any;
  expect(JSON.parse(last.report)).toEqual([
    { row: 2, code: "3601210101000009", reason: "几何须为 Point，实际为 LineString" },
  ]);
});

test("a file without the required columns is refused as a whole", async () => {
  const db = testDb();
  await expect(
    importComponents(db, actor, { fileName: "x.csv", format: "csv", text: "名称,地址\n井盖,东街" }),
  ).rejects.toThrow("表头缺少必需列");
  expect((db.sqlite.query("SELECT count(*) AS n FROM import_batches").get() as any).n).toBe(0);
});
