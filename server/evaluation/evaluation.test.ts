import { test, expect, describe } from "bun:test";
import { testDb } from "../testing/index.ts";
import { buildScenario } from "./fixtures.ts";
import { evaluate, casesBehind, ranking } from "./queries.ts";
import { periodOf, previousPeriod } from "./period.ts";
import { loadFacts } from "./facts.ts";
import { addCase, addEvent, addUser, addDispatched } from "./fixtures.ts";

const NOW = new Date("2026-12-01T00:00:00Z");
const NOV = periodOf("month", "2026-11-15");

function setup() {
  const db = testDb();
  const s = buildScenario(db);
  return { db, s };
}
const row = (e: ReturnType<typeof evaluate>, id: number) => e.rows.find((r) => r.id === id)!;
const nos = (fs: { no: string }[]) => fs.map((f) => f.no.slice(6, 8)).sort();

describe("periods", () => {
  test("month, week, quarter boundaries in Shanghai time and the previous period", () => {
    expect(NOV.from).toBe("2026-10-31T16:00:00.000Z");
    expect(NOV.to).toBe("2026-11-30T16:00:00.000Z");
    expect(NOV.label).toBe("2026年11月");
    const w = periodOf("week", "2026-11-25");
    expect(w.start).toBe("2026-11-23");
    expect(w.end).toBe("2026-11-29");
    expect(w.key).toBe("2026-W48");
    expect(previousPeriod(NOV).key).toBe("2026-10");
    expect(periodOf("quarter", "2026-11-02").key).toBe("2026-Q4");
    const c = periodOf("custom", "2026-11-01", "2026-11-10");
    expect(previousPeriod(c).start).toBe("2026-10-22");
    expect(previousPeriod(c).end).toBe("2026-10-31");
  });
});

describe("indicators on the hand-built month", () => {
  test("regions: counts, rates and composite", () => {
    const { db, s } = setup();
    const e = evaluate(db, "region", NOV, NOW);
    const a = row(e, s.townA);
    expect(a.values).toEqual({
      reports: 4,
      public_verified: 1,
      filed: 3,
      should_close: 3,
      closed: 3,
      closed_on_time: 2,
    });
    expect(a.rates.public_rate).toBeCloseTo(1 / 3, 6);
    expect(a.rates.close_rate).toBe(1);
    expect(a.rates.ontime_close_rate).toBeCloseTo(2 / 3, 6);
    // (1−1/3)×100×10% + band(3 per grid)=75×20% + 100×30% + 66.67×40%
    expect(a.score).toBeCloseTo(6.667 + 15 + 30 + 26.667, 1);
    const b = row(e, s.townB);
    expect(b.values).toEqual({
      reports: 5,
      public_verified: 1,
      filed: 5,
      should_close: 4,
      closed: 3,
      closed_on_time: 3,
    });
    expect(e.total.reports).toBe(9);
  });

  test("departments: on time, overdue, rework, return, suspension, extension", () => {
    const { db, s } = setup();
    const e = evaluate(db, "department", NOV, NOW);
    expect(row(e, s.d1).values).toEqual({
      dispatched: 5,
      assigned: 5,
      disposed: 4,
      on_time: 3,
      overdue: 2,
      rework: 1,
      returns: 0,
      should_close: 5,
      closed: 4,
    });
    expect(row(e, s.d2).values).toEqual({
      dispatched: 4,
      assigned: 2,
      disposed: 2,
      on_time: 2,
      overdue: 0,
      rework: 0,
      returns: 1,
      should_close: 2,
      closed: 2,
    });
    expect(row(e, s.d1).rates.ontime_rate).toBeCloseTo(0.6, 6);
    expect(row(e, s.d1).rates.rework_rate).toBeCloseTo(0.2, 6);
    // 100×10% + 80×30% + 60×30% + 80×30% = 76
    expect(row(e, s.d1).score).toBe(76);
    expect(row(e, s.d1).grade).toBe("B");
  });

  test("posts: inspector, intake operator, dispatcher", () => {
    const { db, s } = setup();
    const i = row(evaluate(db, "inspector", NOV, NOW), s.insp);
    expect(i.values).toEqual({
      reported: 7,
      valid: 6,
      grid_filed: 0,
      missed: 0,
      verify_due: 1,
      verify_ontime: 1,
      check_due: 6,
      check_ontime: 5,
    });
    const o = row(evaluate(db, "intake", NOV, NOW), s.intake);
    expect(o.values).toEqual({
      accepted: 9,
      filed: 8,
      file_ontime: 7,
      verify_sent: 1,
      verify_sent_ontime: 1,
      check_sent: 0,
      check_sent_ontime: 0,
    });
    expect(o.rates.check_sent_rate).toBeNull();
    expect(o.score).toBe(76.88); // band(9)=0×20% + 按时立案 7/8=87.5×25% + 100×30% + 100×25%
    const d = row(evaluate(db, "dispatcher", NOV, NOW), s.disp);
    expect(d.values).toEqual({ dispatched: 8, dispatch_ontime: 7, accurate: 7 });
  });

  test("click-through lists exactly the cases behind a number", () => {
    const { db, s } = setup();
    expect(nos(casesBehind(db, "department", NOV, "overdue", s.d1, NOW))).toEqual(["03", "10"]);
    expect(nos(casesBehind(db, "department", NOV, "returns", s.d2, NOW))).toEqual(["05"]);
    expect(nos(casesBehind(db, "region", NOV, "closed_on_time", s.townA, NOW))).toEqual(["02", "04"]);
    expect(nos(casesBehind(db, "dispatcher", NOV, "accurate", null, NOW))).toEqual([
      "02",
      "03",
      "04",
      "06",
      "07",
      "08",
      "10",
    ]);
  });

  test("minimum volume keeps small units out of the ranking; change against the previous period", () => {
    const { db, s } = setup();
    db.sqlite.query("INSERT INTO settings (key, value, updated_at) VALUES ('eval.min_volume', '3', '')").run();
    const r = ranking(db, "department", NOV, NOW);
    expect(row(r, s.d1).rank).toBe(1); // D2 would score higher (100) but is below the minimum
    expect(row(r, s.d2).rank).toBe(null); // assigned 2 < 3
    expect(row(r, s.d2).ranked).toBe(false);
    expect(row(r, s.d1).prevRank).toBe(null); // nothing in October
    expect(r.previous.key).toBe("2026-10");
  });

  test("admin weights change the composite", () => {
    const { db, s } = setup();
    db.sqlite
      .query("INSERT INTO settings (key, value, updated_at) VALUES ('eval.weights.department', ?, '')")
      .run(JSON.stringify({ dispatched: 0, close: 0, ontime: 100, rework: 0 }));
    expect(row(evaluate(db, "department", NOV, NOW), s.d1).score).toBe(60);
  });

  test("one fact per case reported in the period", () => {
    const { db } = setup();
    expect(loadFacts(db, NOV.from, NOV.to, NOW).length).toBe(9);
  });
});

describe("denominators per standard (§4.5): deadline in the period or finished in it", () => {
  const DEC = periodOf("month", "2026-12-01");
  const TODAY = new Date("2026-12-03T04:00:00Z");
  const dispatched = addDispatched;

  test("a case due next week is in no denominator today; one due yesterday is late; a closed one counts", () => {
    const { db, s } = setup();
    dispatched(db, s, "20261201-0001", "2026-12-01T02:00:00Z", "2026-12-10T02:00:00Z"); // due next week
    dispatched(db, s, "20261201-0002", "2026-12-01T02:00:00Z", "2026-12-02T02:00:00Z"); // due yesterday, open
    dispatched(db, s, "20261201-0003", "2026-12-01T02:00:00Z", "2026-12-09T02:00:00Z", "2026-12-02T02:00:00Z");
    const d = row(evaluate(db, "department", DEC, TODAY), s.d1);
    expect(d.values).toMatchObject({ dispatched: 3, assigned: 2, disposed: 1, on_time: 1, overdue: 1 });
    expect(d.rates.ontime_rate).toBe(0.5);
    for (const key of ["assigned", "on_time", "overdue", "should_close"])
      expect(casesBehind(db, "department", DEC, key, s.d1, TODAY).map((f) => f.no)).not.toContain("20261201-0001");
    for (const key of ["should_close", "closed", "closed_on_time"])
      expect(casesBehind(db, "region", DEC, key, s.townA, TODAY).map((f) => f.no)).not.toContain("20261201-0001");
    expect(
      casesBehind(db, "department", DEC, "assigned", s.d1, TODAY)
        .map((f) => f.no)
        .sort(),
    ).toEqual(["20261201-0002", "20261201-0003"]);
    const r = row(evaluate(db, "region", DEC, TODAY), s.townA);
    expect(r.values).toMatchObject({ reports: 3, filed: 3, should_close: 2, closed: 1, closed_on_time: 1 });
    expect(
      casesBehind(db, "region", DEC, "should_close", s.townA, TODAY)
        .map((f) => f.no)
        .sort(),
    ).toEqual(["20261201-0002", "20261201-0003"]);
  });

  test("nothing due yet: no grade E for a town or department on day 1", () => {
    const { db, s } = setup();
    dispatched(db, s, "20261201-0001", "2026-12-01T02:00:00Z", "2026-12-10T02:00:00Z");
    const day1 = new Date("2026-12-01T04:00:00Z");
    const r = row(evaluate(db, "region", DEC, day1), s.townA);
    expect(r.values.should_close).toBe(0);
    expect(r.rates.close_rate).toBeNull();
    const d = row(evaluate(db, "department", DEC, day1), s.d1);
    expect(d.values.assigned).toBe(0);
    expect(d.rates.ontime_rate).toBeNull();
  });

  test("a case reported in one month and finished in the next counts where it was finished or fell due", () => {
    const { db, s } = setup();
    // Reported 28 Nov, due 30 Nov, still open at the end of November, finished 2 Dec.
    dispatched(db, s, "20261128-0009", "2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z", "2026-12-02T02:00:00Z");
    const inNov = casesBehind(db, "department", NOV, "overdue", s.d1, TODAY).map((f) => f.no);
    expect(inNov).toContain("20261128-0009");
    const dec = row(evaluate(db, "department", DEC, TODAY), s.d1);
    expect(dec.values).toMatchObject({ assigned: 1, disposed: 1, overdue: 1, on_time: 0 });
    const decRegion = row(evaluate(db, "region", DEC, TODAY), s.townA);
    expect(decRegion.values).toMatchObject({ reports: 0, should_close: 1, closed: 1, closed_on_time: 0 });
  });
});

describe("sources: 监督举报 and 漏报", () => {
  test("漏报 is charged to the inspectors of the responsibility grid; video and self-checks are not 监督举报", () => {
    const { db, s } = setup();
    const other = addUser(db, "insp2", "刘监督", ["inspector"]);
    const rg = (
      db.sqlite
        .query(
          "INSERT INTO resp_grids (code, name, created_at, updated_at) VALUES ('R1', '责任网格一', '', '') RETURNING id",
        )
        .get() as { id: number }
    ).id;
    db.sqlite.query("INSERT INTO resp_grid_units (resp_grid_id, grid_id) VALUES (?, ?)").run(rg, s.gridA);
    db.sqlite.query("INSERT INTO resp_grid_inspectors (resp_grid_id, user_id) VALUES (?, ?)").run(rg, other);
    for (const [i, source] of [
      [1, "video"],
      [2, "self_check"],
      [3, "citizen"],
    ] as const) {
      const id = addCase(db, {
        no: `2026112${i}-0009`,
        source,
        state: "filed",
        created: `2026-11-2${i}T02:00:00Z`,
        town: s.townA,
        grid: s.gridA,
        filed: `2026-11-2${i}T02:10:00Z`,
      });
      addEvent(db, id, `2026-11-2${i}T02:00:00Z`, "report", null, "reported", null);
      addEvent(db, id, `2026-11-2${i}T02:10:00Z`, "file", "reported", "filed", s.intake);
    }
    const insp = evaluate(db, "inspector", NOV, NOW);
    const o = row(insp, other);
    // In grid A this month: C1, C2 (hotline), C3 by the inspector plus the three above, all filed.
    expect(o.values).toMatchObject({ grid_filed: 6, missed: 2 });
    expect(o.rates.miss_rate).toBeCloseTo(2 / 6, 6);
    expect(row(insp, s.insp).values).toMatchObject({ grid_filed: 0, missed: 0 });
    expect(
      casesBehind(db, "inspector", NOV, "missed", other, NOW)
        .map((f) => f.source)
        .sort(),
    ).toEqual(["citizen", "hotline"]);
    const town = row(evaluate(db, "region", NOV, NOW), s.townA);
    expect(town.values.public_verified).toBe(2); // the video and the self-check are not 监督举报
    db.sqlite
      .query(
        "INSERT INTO settings (key, value, updated_at) VALUES ('eval.public_sources', 'citizen,hotline,video', '')",
      )
      .run();
    expect(row(evaluate(db, "region", NOV, NOW), s.townA).values.public_verified).toBe(3);
  });
});
