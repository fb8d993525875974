// Published periods freeze: a month's figures are read from its snapshot and do not move when an
// old case is closed or an objection is accepted afterwards; unpublished periods recompute live.
import { test, expect } from "bun:test";
import type { UserActor } from "../core/context.ts";
import { testDb } from "../testing/index.ts";
import { buildScenario, addEvent } from "./fixtures.ts";
import { evaluate } from "./queries.ts";
import { periodOf } from "./period.ts";
import { publishPeriod } from "./verbs/publish-period.ts";
import { fileObjection } from "./verbs/file-objection.ts";
import { decideObjection } from "./verbs/decide-objection.ts";
import { UNIT_NAMES, type UnitKind } from "./indicators.ts";

const NOV = periodOf("month", "2026-11-15");
const NOW = new Date("2026-12-01T00:00:00Z");
const LATER = new Date("2026-12-05T00:00:00Z");

test("a published month does not change after an old case closes or an objection is accepted", () => {
  const db = testDb();
  const s = buildScenario(db);
  const user = (roles: UserActor["roles"], departmentId: number | null): UserActor => ({
    kind: "user",
    userId: s.intake,
    username: "u",
    name: "赵值班长",
    roles,
    departmentId,
  });
  const lead = user(["shift_lead"], null);
  const figures = (now: Date) =>
    Object.fromEntries(
      (Object.keys(UNIT_NAMES) as UnitKind[]).map((k) => [
        k,
        evaluate(db, k, NOV, now).rows.map((r) => [r.id, r.values, r.score, r.rank]),
      ]),
    );
  expect(evaluate(db, "department", NOV, NOW).published).toBeNull(); // 未发布: live
  expect(() => publishPeriod(db, lead, periodOf("month", "2026-12-01"), NOW)).toThrow("尚未结束");
  const before = figures(NOW);
  publishPeriod(db, lead, NOV, NOW);
  expect(() => publishPeriod(db, lead, NOV, NOW)).toThrow("已发布");

  // An old case (C9, open past its deadline in November) is finished and closed in December.
  const c9 = s.cases[8]!;
  addEvent(db, c9, "2026-12-02T02:00:00Z", "complete", "in_progress", "checking", null, { due_at: null });
  addEvent(db, c9, "2026-12-02T03:00:00Z", "close", "checking", "closed", s.intake);
  db.sqlite.query("UPDATE cases SET state = 'closed', closed_at = '2026-12-02T03:00:00Z' WHERE id = ?").run(c9);
  // An objection against D1's overdue count is accepted after publication.
  const { id } = fileObjection(db, user(["handler"], s.d1), {
    caseNo: "20261103-0001",
    departmentId: s.d1,
    indicator: "overdue",
    reason: "暴雨停工",
  });
  decideObjection(db, lead, { id, accept: true, note: "属实" });

  expect(figures(LATER)).toEqual(before);
  const e = evaluate(db, "department", NOV, LATER);
  expect(e.published?.by).toBe("李受理");
  expect(e.published?.lateObjections.map((o) => o.no)).toEqual(["20261103-0001"]);
  // The same objection does reach an unpublished view of the month (custom range, live).
  const live = evaluate(db, "department", periodOf("custom", NOV.start, NOV.end), LATER);
  expect(live.published).toBeNull();
  expect(live.rows.find((r) => r.id === s.d1)!.values.overdue).toBe(1);
});
