// Evaluation speed: 31,000 cases a month (≈ 8 timeline rows each) over a quarter (MONTHS=3,
// 93,000 cases; MONTHS=1 for one month) in a fresh database. Prints the backfill of case_facts
// (the catch-up read after bulk history), then month, quarter and year evaluations read from it.
// Run: node_modules/.bin/bun bench/evaluation.ts   (N=31000 per month, MONTHS=3)
import { testDb } from "../server/testing/index.ts";
import { tx } from "../server/core/db.ts";
import { addRegion, addDept, addUser, addGrid } from "../server/evaluation/fixtures.ts";
import { evaluate, evaluateFacts, ranking } from "../server/evaluation/queries.ts";
import { loadFacts, refreshFacts } from "../server/evaluation/facts.ts";
import { periodOf } from "../server/evaluation/period.ts";
import { reportData } from "../server/reports/data.ts";
import { mulberry32 } from "../server/core/prng.ts";

const MONTHS = process.env.MONTHS === "1" ? 1 : 3;
const N = Number(process.env.N ?? 31000) * MONTHS;
const db = testDb();
const rnd = mulberry32(42);
const county = addRegion(db, "360121", "示范县", "county");
const towns = Array.from({ length: 12 }, (_, i) =>
  addRegion(db, `360121${String(i + 1).padStart(3, "0")}`, `街道${i + 1}`, "town", county),
);
const grids = towns.flatMap((t, i) => {
  const comm = addRegion(db, `360121${String(i + 1).padStart(3, "0")}001`, `社区${i + 1}`, "community", t);
  return Array.from({ length: 10 }, (_, j) => ({
    id: addGrid(db, `360121${String(i + 1).padStart(3, "0")}001${String(j + 1).padStart(3, "0")}`, comm, t),
    town: t,
  }));
});
const depts = Array.from({ length: 40 }, (_, i) => addDept(db, `B${i}`, `部门${i}`));
const insps = Array.from({ length: 60 }, (_, i) => addUser(db, `i${i}`, `监督员${i}`, ["inspector"]));
const intakes = Array.from({ length: 8 }, (_, i) => addUser(db, `o${i}`, `受理员${i}`, ["intake"]));
const disps = Array.from({ length: 6 }, (_, i) => addUser(db, `d${i}`, `派遣员${i}`, ["dispatcher"]));
const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)]!;
const month = periodOf("month", "2026-10-01");
const quarter = periodOf("quarter", "2026-10-01");
const year = periodOf("year", "2026-10-01");
const span = MONTHS === 1 ? month : quarter;
const t0 = Date.parse(span.from);
const spanDays = (Date.parse(span.to) - t0) / 86400_000 - 2;
const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const t = performance.now();
tx(db, () => {
  const ins =
    db.sqlite.prepare(`INSERT INTO cases (no, source, state, description, lng, lat, grid_id, town_id, reported_by, department_id, inspector_id, created_at, filed_at, closed_at, updated_at)
    VALUES (?, ?, ?, '测试', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
  const ev = db.sqlite.prepare(
    "INSERT INTO case_events (case_id, at, action, from_state, to_state, actor, user_id, data) VALUES (?, ?, ?, ?, ?, 'x', ?, ?)",
  );
  for (let i = 0; i < N; i++) {
    const c = t0 + rnd() * spanDays * 86400_000;
    const g = pick(grids);
    const insp = pick(insps),
      op = pick(intakes),
      dp = pick(disps),
      d = pick(depts);
    const src = rnd() < 0.7 ? "inspector" : "hotline";
    const late = rnd() < 0.12,
      rework = rnd() < 0.06,
      ret = rnd() < 0.04;
    const { id } = ins.get(
      `B${i}`,
      src,
      "closed",
      115.8 + rnd() * 0.1,
      28.6 + rnd() * 0.1,
      g.id,
      g.town,
      src === "inspector" ? insp : null,
      d,
      insp,
      iso(c),
      iso(c + 0.2 * H),
      iso(c + 30 * H),
      iso(c),
    ) as { id: number };
    ev.run(id, iso(c), "report", null, "reported", insp, JSON.stringify({ due_at: iso(c + 0.5 * H) }));
    ev.run(id, iso(c + 0.2 * H), "file", "reported", "filed", op, JSON.stringify({ due_at: iso(c + 0.7 * H) }));
    if (ret) {
      ev.run(
        id,
        iso(c + 0.3 * H),
        "dispatch",
        "filed",
        "dispatched",
        dp,
        JSON.stringify({ departmentId: pick(depts), due_at: iso(c + 8 * H) }),
      );
      ev.run(
        id,
        iso(c + 1 * H),
        "approve_return",
        "dispatched",
        "filed",
        dp,
        JSON.stringify({ due_at: iso(c + 1.5 * H) }),
      );
    }
    ev.run(
      id,
      iso(c + 1.2 * H),
      "dispatch",
      "filed",
      "dispatched",
      dp,
      JSON.stringify({ departmentId: d, due_at: iso(c + 9 * H) }),
    );
    ev.run(id, iso(c + 2 * H), "accept", "dispatched", "in_progress", null, null);
    if (late) ev.run(id, iso(c + 9 * H), "overdue", "in_progress", "in_progress", null, null);
    ev.run(
      id,
      iso(c + (late ? 12 : 6) * H),
      "complete",
      "in_progress",
      "checking",
      null,
      JSON.stringify({ due_at: iso(c + 13 * H) }),
    );
    if (rework) {
      ev.run(
        id,
        iso(c + 12.5 * H),
        "check_fail",
        "checking",
        "in_progress",
        insp,
        JSON.stringify({ due_at: iso(c + 20 * H) }),
      );
      ev.run(
        id,
        iso(c + 16 * H),
        "complete",
        "in_progress",
        "checking",
        null,
        JSON.stringify({ due_at: iso(c + 17 * H) }),
      );
    }
    ev.run(id, iso(c + 20 * H), "check_pass", "checking", "to_close", insp, null);
    ev.run(id, iso(c + 30 * H), "close", "to_close", "closed", op, null);
  }
});
const nEv = (db.sqlite.query("SELECT COUNT(*) AS n FROM case_events").get() as { n: number }).n;
console.log(`seeded ${N} cases, ${nEv} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
db.sqlite.run("ANALYZE");

const time = (label: string, f: () => unknown) => {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    f();
    runs.push(performance.now() - s);
  }
  console.log(`${label}: best ${Math.min(...runs).toFixed(0)} ms, worst ${Math.max(...runs).toFixed(0)} ms`);
};
const now = new Date("2027-01-15T00:00:00Z");
{
  const s = performance.now();
  refreshFacts(db);
  const n = (db.sqlite.query("SELECT COUNT(*) AS n FROM case_facts").get() as { n: number }).n;
  console.log(`backfill case_facts: ${n} cases in ${((performance.now() - s) / 1000).toFixed(1)} s`);
}
time("loadFacts (month, from case_facts)", () => loadFacts(db, month.from, month.to, now));
time("evaluate departments (month)", () => evaluate(db, "department", month, now));
time("all five unit kinds from one read (month)", () => {
  const f = loadFacts(db, month.from, month.to, now);
  for (const k of ["region", "department", "inspector", "intake", "dispatcher"] as const)
    evaluateFacts(db, k, month, f);
});
time(`evaluate departments (quarter, ${MONTHS === 3 ? N : "1 month of"} cases)`, () =>
  evaluate(db, "department", quarter, now),
);
time("evaluate departments (year holding the same cases)", () => evaluate(db, "department", year, now));
time("ranking with previous period (departments, month)", () => ranking(db, "department", month, now));
time("monthly report data", () => reportData(db, "monthly", month, now));
const e = evaluate(db, "department", month, now);
console.log(
  `check: ${e.cases} cases, overdue ${e.total.overdue}, rework ${e.total.rework}, returns ${e.total.returns}`,
);
{
  const f = loadFacts(db, month.from, month.to, now);
  time("evaluateFacts departments only (facts preloaded)", () => evaluateFacts(db, "department", month, f));
}
{
  const s = performance.now();
  const rows = db.sqlite
    .query(
      `SELECT fact FROM case_facts WHERE created_at >= ?1 AND created_at < ?2
       UNION ALL SELECT fact FROM case_facts INDEXED BY case_facts_last WHERE last_at >= ?1 AND created_at < ?1
       UNION ALL SELECT fact FROM case_facts WHERE open = 1 AND created_at < ?1 AND last_at < ?1`,
    )
    .all(month.from, month.to) as { fact: string }[];
  const q = performance.now();
  for (const r of rows) JSON.parse(r.fact);
  console.log(
    `month read: ${rows.length} rows, query ${(q - s).toFixed(0)} ms, JSON.parse ${(performance.now() - q).toFixed(0)} ms`,
  );
}
