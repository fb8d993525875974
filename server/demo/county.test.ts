import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { seedDemoCounty, demoDataHash } from "./county.ts";
import { lookupGrid } from "../grid/index.ts";
import { userByUsername } from "../auth/queries.ts";

const small = { grids: 54, components: 2000, respGrids: 6 };

test("the demo county is deterministic from its seed and differs with another seed", () => {
  const a = testDb(),
    b = testDb(),
    c = testDb();
  const ra = seedDemoCounty(a, { ...small, seed: 7 })!;
  seedDemoCounty(b, { ...small, seed: 7 });
  seedDemoCounty(c, { ...small, seed: 8 });
  expect(ra.grids).toBe(54); // 6 towns × 3 × 3
  expect(ra.components).toBe(2000);
  expect(ra.respGrids).toBe(6);
  expect(demoDataHash(a)).toBe(demoDataHash(b));
  expect(demoDataHash(a)).not.toBe(demoDataHash(c));
  expect(seedDemoCounty(a, small)).toBeNull(); // not twice
}, 60_000); // argon2 hashing of the demo accounts is slow on a busy machine

test("demo data is consistent: codes, grids cover components, accounts kept", async () => {
  const db = testDb();
  seedDemoCounty(db, small);
  const s = db.sqlite;
  expect((s.query("SELECT count(*) AS n FROM regions WHERE level='town'").get() as any).n).toBe(6);
  expect(
    (
      s
        .query(
          "SELECT count(*) AS n FROM grids WHERE length(code) <> 15 OR substr(code, 1, 12) <> (SELECT code FROM regions WHERE id = community_id)",
        )
        .get() as any
    ).n,
  ).toBe(0);
  expect(
    (
      s
        .query("SELECT count(*) AS n FROM components WHERE length(code) <> 16 OR substr(code, 1, 6) <> '360121'")
        .get() as any
    ).n,
  ).toBe(0);
  const sample = s.query("SELECT lng, lat, grid_id FROM components ORDER BY id LIMIT 200").all() as {
    lng: number;
    lat: number;
    grid_id: number;
  }[];
  for (const c of sample) expect(lookupGrid(db, c.lng, c.lat)?.gridId).toBe(c.grid_id);
  const admin = userByUsername(db, "admin")!;
  expect(admin.name).toBe("系统管理员");
  expect(await Bun.password.verify("wanmi2026", admin.password_hash)).toBe(true);
  const roles = (s.query("SELECT DISTINCT role FROM user_roles ORDER BY role").all() as { role: string }[]).map(
    (r) => r.role,
  );
  expect(roles).toEqual(
    ["admin", "dispatcher", "handler", "inspector", "intake", "leader", "shift_lead", "hotline"].sort(),
  );
  expect(
    (
      s
        .query(
          "SELECT count(*) AS n FROM resp_grids r WHERE NOT EXISTS (SELECT 1 FROM resp_grid_inspectors i WHERE i.resp_grid_id = r.id)",
        )
        .get() as any
    ).n,
  ).toBe(0);
  expect(
    (s.query("SELECT count(*) AS n FROM calendar_days WHERE day = '2026-10-01' AND type = 'holiday'").get() as any).n,
  ).toBe(1);
}, 60_000);

test("the demo county routes the edition in force: a rule for every big class of 2026; a 2026 report goes to its owner", async () => {
  const db = testDb();
  seedDemoCounty(db, small);
  const s = db.sqlite;
  const { proposeDepartment } = await import("../departments/index.ts");
  const bigs = (sql: string) => (s.query(sql).all() as { k: string }[]).map((r) => r.k);
  const all = bigs(
    "SELECT DISTINCT kind || big_code AS k FROM categories WHERE edition = 'GB/T 47678.5-2026' AND active = 1 ORDER BY 1",
  );
  const ruled = bigs(
    "SELECT DISTINCT k.kind || k.big_code AS k FROM routing_rules r JOIN categories k ON k.id = r.category_id WHERE k.edition = 'GB/T 47678.5-2026' ORDER BY 1",
  );
  expect(ruled).toEqual(all);
  const id = (name: string) =>
    (
      s.query("SELECT id FROM categories WHERE edition = 'GB/T 47678.5-2026' AND small_name = ? LIMIT 1").get(name) as {
        id: number;
      }
    ).id;
  expect(proposeDepartment(db, { categoryId: id("雨水井盖") })?.departmentName ?? "").toBe("县水务局");
  expect(proposeDepartment(db, { categoryId: id("供水井盖") })?.departmentName ?? "").not.toBe("县城市管理局");
});
