// The indicators on cases made by the real verbs (intake → file → dispatch → accept → complete,
// and the escalation job marking one overdue): evaluation reads exactly what the cases module writes.
import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { world } from "../cases/fixtures.ts";
import { createCase } from "../cases/index.ts";
import { fileCase } from "../cases/verbs/file.ts";
import { dispatch } from "../cases/verbs/dispatch.ts";
import { accept } from "../cases/verbs/accept.ts";
import { complete } from "../cases/verbs/complete.ts";
import { escalate } from "../cases/jobs/escalate.ts";
import { evaluate, casesBehind } from "./queries.ts";
import { periodOf, localDate } from "./period.ts";

test("evaluation of cases made through the cases verbs", () => {
  const db = testDb();
  const w = world(db);
  const mk = () => {
    const c = createCase(db, w.inspector_wang, {
      source: "inspector",
      categoryId: w.cat_manhole,
      description: "井盖缺失，存在安全隐患",
      lng: 115.905,
      lat: 28.605,
    });
    fileCase(db, w.intake_qian, { caseId: c.id });
    dispatch(db, w.dispatcher_zhou, { caseId: c.id, departmentId: w.dept_water });
    accept(db, w.water_wu, { caseId: c.id });
    return c;
  };
  const done = mk();
  complete(db, w.water_wu, {
    caseId: done.id,
    note: "已更换井盖",
    photos: [{ path: "a.jpg", mime: "image/jpeg", size: 1 }],
  });
  const late = mk();
  const later = new Date(Date.now() + 3 * 86400_000);
  // Two overdue marks: the late one in disposal, the done one in its check stage (not the department's fault).
  expect(escalate(db, later).overdue).toBe(2);

  const p = periodOf("month", localDate(new Date()));
  const d = evaluate(db, "department", p, later).rows.find((r) => r.id === w.dept_water)!;
  expect(d.values).toMatchObject({
    dispatched: 2,
    assigned: 2,
    disposed: 1,
    on_time: 1,
    overdue: 1,
    rework: 0,
    returns: 0,
  });
  expect(casesBehind(db, "department", p, "overdue", w.dept_water, later).map((f) => f.id)).toEqual([late.id]);
  const disp = evaluate(db, "dispatcher", p, later).rows.find((r) => r.id === w.dispatcher_zhou.userId)!;
  expect(disp.values).toEqual({ dispatched: 2, dispatch_ontime: 2, accurate: 2 });
  const op = evaluate(db, "intake", p, later).rows.find((r) => r.id === w.intake_qian.userId)!;
  expect(op.values).toMatchObject({ accepted: 2, filed: 2, file_ontime: 2 });
  const insp = evaluate(db, "inspector", p, later).rows.find((r) => r.id === w.inspector_wang.userId)!;
  expect(insp.values).toMatchObject({ reported: 2, valid: 2 });
  const town = evaluate(db, "region", p, later).rows.find((r) => r.id === w.town_chengguan)!;
  expect(town.values).toMatchObject({ reports: 2, filed: 2, closed: 0 });
});
