import { test, expect } from "bun:test";
import { testDb, tempDir } from "../testing/index.ts";
import { seedDemoCounty } from "./county.ts";
import { seedDemoCases } from "./cases.ts";
import { evaluate } from "../evaluation/index.ts";
import { periodOf } from "../evaluation/period.ts";

const small = { grids: 54, components: 500, respGrids: 6, seed: 7 };
const NOW = new Date("2026-11-23T06:00:00Z"); // 14:00 in Shanghai

function seeded(seed = 11) {
  const dir = tempDir();
  const db = testDb(dir);
  seedDemoCounty(db, small);
  const r = seedDemoCases(db, { historical: 400, open: 24, seed, dataDir: dir, now: NOW });
  return { db, r };
}

test("demo cases: history through the whole loop and open cases in every stage, deterministic", () => {
  const { db, r } = seeded();
  expect(r.open).toBe(24);
  const states = Object.fromEntries(
    (
      db.sqlite.query("SELECT state, count(*) AS n FROM cases GROUP BY state").all() as { state: string; n: number }[]
    ).map((x) => [x.state, x.n]),
  );
  for (const s of [
    "reported",
    "verifying",
    "filed",
    "dispatched",
    "in_progress",
    "checking",
    "to_close",
    "closed",
    "rejected",
  ])
    expect(states[s] ?? 0).toBeGreaterThan(0);
  // every closed case has the full timeline in order, ending with close
  const bad = db.sqlite
    .query(`SELECT c.id FROM cases c WHERE c.state = 'closed' AND (
        (SELECT action FROM case_events e WHERE e.case_id = c.id ORDER BY e.at DESC, e.id DESC LIMIT 1) <> 'close'
        OR NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'dispatch'))`)
    .all();
  expect(bad).toEqual([]);
  // case numbers stay unique and the counter continues after them
  const dup = db.sqlite.query("SELECT no FROM cases GROUP BY no HAVING count(*) > 1").all();
  expect(dup).toEqual([]);
  const other = seeded();
  const sig = (d: typeof db) =>
    d.sqlite
      .query(
        "SELECT group_concat(no || state || category_id || grid_id, ',') AS s FROM (SELECT * FROM cases WHERE source <> 'x' AND created_at < '2026-11-22' ORDER BY id)",
      )
      .get();
  expect(sig(other.db)).toEqual(sig(db));
}, 60_000);

test("the demo history gives the evaluation something to rank: on-time and overdue dispositions", () => {
  const { db } = seeded(3);
  const e = evaluate(db, "department", periodOf("month", "2026-11-01"), NOW) as any;
  const rows = e.rows as any[];
  expect(rows.length).toBeGreaterThan(3);
  const sum = (k: string) => rows.reduce((a, r) => a + r.values[k], 0);
  expect(sum("on_time")).toBeGreaterThan(sum("overdue"));
  expect(sum("overdue")).toBeGreaterThan(0);
  expect(sum("rework")).toBeGreaterThan(0);
  expect(rows.filter((r) => r.ranked).map((r) => r.rank)).toContain(1);
}, 60_000);
