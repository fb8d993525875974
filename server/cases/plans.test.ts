// Every list and filter shape of the case list has a plan that scales at a million cases: on a database
// whose sqlite_stat1 describes a 1M-case county (states skewed to closed), no list walks the whole
// cases table into a sort, and every SCAN of cases follows the id order so it stops at the page.
import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { listSql, listCases, countCases, type CaseFilter } from "./queries.ts";
import { QUEUES } from "./queues.ts";
import type { Db } from "../core/db.ts";
import { CLOSED_STATES } from "./lifecycle.ts";

const STATS: [string | null, string][] = [
  [null, "1000000"],
  ["cases_state", "1000000 100000 2"],
  ["cases_department", "1000000 2000 400"],
  ["cases_inspector", "1000000 5000 1000"],
  ["cases_category", "1000000 3000 600"],
  ["cases_town", "1000000 60000 12000"],
  ["cases_created", "1000000 1"],
  ["cases_warn", "20000 1"],
  ["cases_due", "20000 1"],
  ["cases_pending", "300 60"],
  ["cases_reporter_phone", "400000 3"],
];
/** Rows per key of an index's first column, from the statistics above. */
const perKey = new Map(STATS.filter(([i]) => i).map(([i, s]) => [i!, Number(s.split(" ")[1])]));

/** sqlite_stat1 for 1,000,000 cases: ~10 states (the planner sees 100k per state), 500 departments… */
function millionCaseStats(db: Db) {
  db.sqlite.run("ANALYZE");
  db.sqlite.run("DELETE FROM sqlite_stat1 WHERE tbl = 'cases'");
  const ins = db.sqlite.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('cases', ?, ?)");
  for (const [idx, stat] of STATS) ins.run(idx, stat);
  db.sqlite.run("ANALYZE sqlite_master");
}

const SHAPES: Record<string, CaseFilter> = {
  all: {},
  "all, next page by keyset": { before: 900000 },
  "closed state": { state: ["closed"] },
  "closed state, page 5": { state: ["closed"], page: 5 },
  "closed + cancelled": { state: ["closed", "cancelled"] },
  open: { open: true },
  "open, department tree": { open: true, departmentTree: [3, 4, 5] },
  source: { source: "hotline" },
  category: { categoryId: 7 },
  town: { townId: 2 },
  department: { departmentId: 3 },
  "category + closed": { categoryId: 7, state: ["closed"] },
  "town + source": { townId: 2, source: "hotline" },
  "search 2 characters": { q: "路灯" },
  "search 4 characters": { q: "路灯不亮" },
  "search + closed": { q: "井盖缺失", state: ["closed"] },
  "search, keyset": { q: "路灯", before: 500000 },
  ...Object.fromEntries(QUEUES.map((q) => [`queue ${q.key}`, q.filter])),
  ...Object.fromEntries(QUEUES.map((q) => [`queue ${q.key}, handler scope`, { ...q.filter, departmentTree: [3, 4] }])),
  ...Object.fromEntries(QUEUES.map((q) => [`queue ${q.key}, inspector scope`, { ...q.filter, inspectorId: 9 }])),
};

function plan(db: Db, sql: string, args: (string | number)[], extra: number[]): string[] {
  return db.sqlite
    .query<{ detail: string }, (string | number)[]>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...args, ...extra)
    .map((r) => r.detail);
}

/**
 * Problems in a list plan: a full walk of cases into a sort; a sort after an index search that
 * matches more than 10,000 cases per key (the old closed-state plan: cases_state walked, 949k rows
 * sorted) — except the open-states hint, where the few open cases are what the index holds.
 */
export function badListPlan(lines: string[], openOnly = false): string[] {
  const scans = lines.filter((l) => /^SCAN c\b/.test(l) && !/USING (COVERING )?INDEX/.test(l));
  const sorts = lines.filter((l) => /USE TEMP B-TREE/.test(l));
  const bad: string[] = [];
  if (scans.length && sorts.length) bad.push("full scan of cases into a temporary B-tree");
  if (sorts.length)
    for (const l of lines) {
      const idx = /^SEARCH c USING (?:COVERING )?INDEX (\w+)/.exec(l)?.[1];
      if (idx && (perKey.get(idx) ?? 0) > 10_000 && !(idx === "cases_state" && openOnly))
        bad.push(`sorts every match of ${idx} (${perKey.get(idx)} per key)`);
    }
  // An index scan (not a search) visits every entry of that index.
  for (const l of lines) if (/^SCAN c USING (COVERING )?INDEX/.test(l)) bad.push(l);
  if (lines.some((l) => /^SCAN (cat|d|t)\b/.test(l))) bad.push("a joined table is scanned per case");
  return bad;
}

test("every list and filter shape has a plan that stops at the page (1M-case statistics)", () => {
  const db = testDb();
  millionCaseStats(db);
  const report: string[] = [];
  for (const [name, f] of Object.entries(SHAPES)) {
    const s = listSql(f);
    const lines = plan(db, s.list, s.args, [20, 0]);
    const states = [...(f.state ?? []), ...(f.open ? ["reported"] : [])];
    const bad = badListPlan(lines, states.length > 0 && states.every((x) => !CLOSED_STATES.includes(x as never)));
    if (bad.length) report.push(`${name}: ${bad.join("; ")}\n    ${lines.join("\n    ")}`);
    // The count is bounded by its LIMIT; it must not sort.
    const count = plan(db, s.count, s.args, []);
    if (count.some((l) => /TEMP B-TREE/.test(l))) report.push(`${name} (count): ${count.join(" | ")}`);
  }
  if (report.length || process.env.SHOW_PLANS) console.error(report.join("\n"));
  if (process.env.SHOW_PLANS)
    for (const [name, f] of Object.entries(SHAPES)) {
      const s = listSql(f);
      console.error(name, "|", plan(db, s.list, s.args, [20, 0]).join(" | "));
    }
  expect(report).toEqual([]);
  db.sqlite.close();
});

test("the plan check fails on the old closed-state plan (state index walked into a sort)", () => {
  expect(badListPlan(["SEARCH c USING INDEX cases_state (state=?)", "USE TEMP B-TREE FOR ORDER BY"])).toEqual([
    "sorts every match of cases_state (100000 per key)",
  ]);
  // …but the open-states hint sorts only the few open cases
  expect(badListPlan(["SEARCH c USING INDEX cases_state (state=?)", "USE TEMP B-TREE FOR ORDER BY"], true)).toEqual([]);
  expect(badListPlan(["SCAN c", "USE TEMP B-TREE FOR ORDER BY"])).toEqual([
    "full scan of cases into a temporary B-tree",
  ]);
  expect(badListPlan(["SCAN c"])).toEqual([]);
});

function seed(db: Db, rows: [no: string, state: string, description: string][]) {
  const ins = db.sqlite.prepare(
    "INSERT INTO cases (no, source, state, category_id, description, created_at, updated_at) VALUES (?, 'hotline', ?, NULL, ?, datetime('now'), datetime('now'))",
  );
  for (const r of rows) ins.run(...r);
}

test("keyset paging: `before` continues exactly where the previous page ended", () => {
  const db = testDb();
  seed(
    db,
    Array.from({ length: 7 }, (_, i) => [`T${i}`, "closed", "测试"]),
  );
  const p1 = listCases(db, { perPage: 3 });
  const p2 = listCases(db, { perPage: 3, before: p1.next! });
  const p3 = listCases(db, { perPage: 3, before: p2.next! });
  expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.no)).toEqual(["T6", "T5", "T4", "T3", "T2", "T1", "T0"]);
  expect(p3.next).toBeNull();
  db.sqlite.close();
});

test("search counts and pages straight from the text index, with and without other filters", () => {
  const db = testDb();
  seed(db, [
    ["A1", "closed", "东门路路灯不亮"],
    ["A2", "reported", "西街路灯不亮"],
    ["A3", "closed", "北路路灯不亮了"],
    ["B1", "closed", "井盖缺失"],
  ]);
  expect(countCases(db, { q: "路灯" })).toBe(3);
  expect(countCases(db, { q: "路灯不亮" })).toBe(3);
  expect(countCases(db, { q: "路灯不亮", state: ["reported"] })).toBe(1);
  expect(listCases(db, { q: "路灯", perPage: 2 }).rows.map((r) => r.no)).toEqual(["A3", "A2"]);
  const first = listCases(db, { q: "路灯", perPage: 2 });
  expect(listCases(db, { q: "路灯", perPage: 2, before: first.next! }).rows.map((r) => r.no)).toEqual(["A1"]);
  db.sqlite.close();
});
