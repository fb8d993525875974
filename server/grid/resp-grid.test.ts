// Responsibility grids (责任网格): created, then renamed and re-pointed through the same verb;
// a taken code is refused.
import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { gridFixture } from "./fixtures.ts";
import { saveRespGrid } from "./verbs/save-resp-grid.ts";

const admin = { kind: "system" as const, job: "test" };

test("a responsibility grid is created, edited in place, and its code stays unique", () => {
  const db = testDb();
  const { grids } = gridFixture(db, 2);
  const id = saveRespGrid(db, admin, { code: "R1", name: "一组", gridCodes: [grids[0]!.code], inspectorIds: [] });
  expect(
    saveRespGrid(db, admin, { code: "R1b", name: "一组（改）", gridCodes: [grids[1]!.code], inspectorIds: [] }, id),
  ).toBe(id);
  const row = db.sqlite
    .query<{ code: string; name: string }, [number]>("SELECT code, name FROM resp_grids WHERE id = ?")
    .get(id);
  expect(row).toEqual({ code: "R1b", name: "一组（改）" });
  const units = db.sqlite
    .query<{ grid_id: number }, [number]>("SELECT grid_id FROM resp_grid_units WHERE resp_grid_id = ?")
    .all(id);
  expect(units).toEqual([{ grid_id: grids[1]!.id }]);
  saveRespGrid(db, admin, { code: "R2", name: "二组", gridCodes: [], inspectorIds: [] });
  expect(() => saveRespGrid(db, admin, { code: "R2", name: "重复", gridCodes: [], inspectorIds: [] }, id)).toThrow(
    "已被使用",
  );
});
