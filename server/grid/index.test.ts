import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { lookupGrid } from "./lookup.ts";
import { gridFixture } from "./fixtures.ts";

test("lookupGrid finds the grid, its community and town; shared edges go to the smaller id; outside is null", () => {
  const db = testDb();
  const { grids, town, community } = gridFixture(db, 2);
  expect(lookupGrid(db, 115.9005, 28.7005)).toEqual({
    gridId: grids[0]!.id,
    gridCode: "360121100001001",
    communityId: community,
    townId: town,
    townName: "城关镇",
    communityName: "幸福社区",
  });
  expect(lookupGrid(db, 115.9015, 28.7005)?.gridCode).toBe("360121100001002");
  // On the shared edge x = 115.901 and on the shared corner: the first grid (smaller id).
  expect(lookupGrid(db, 115.901, 28.7005)?.gridId).toBe(grids[0]!.id);
  expect(lookupGrid(db, 115.901, 28.701)?.gridId).toBe(grids[0]!.id);
  // On the outer boundary: inside; just past it: outside.
  expect(lookupGrid(db, 115.902, 28.7)?.gridId).toBe(grids[1]!.id);
  expect(lookupGrid(db, 115.9020001, 28.7005)).toBeNull();
  expect(lookupGrid(db, 116.5, 29)).toBeNull();
});

test("the cached index is rebuilt after invalidation when grids change", () => {
  const db = testDb();
  gridFixture(db, 1);
  expect(lookupGrid(db, 115.95, 28.7005)).toBeNull();
  gridFixture(db, 1, { townCode: "360121101", townName: "青岚镇", x0: 115.95 });
  expect(lookupGrid(db, 115.9505, 28.7005)?.townName).toBe("青岚镇");
});
