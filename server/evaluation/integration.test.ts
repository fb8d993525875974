// The indicators on cases made by the real verbs (intake → file → dispatch → accept → complete,
// and the escalation job marking one overdue): evaluation reads exactly what the cases module writes.
import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { world } from "../cases/fixtures.ts";
import { createCase, importHistory } from "../cases/index.ts";
import { tx } from "../core/db.ts";
import { loadFacts } from "./index.ts";
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

test("the timeline door keeps case_facts in its own transaction; the bulk door is caught up on read", () => {
  const db = testDb();
  const w = world(db);
  const fact = (id: number) =>
    JSON.parse(
      (db.sqlite.query("SELECT fact FROM case_facts WHERE case_id = ?").get(id) as { fact: string } | null)?.fact ??
        "null",
    ) as { state: string; attempts: unknown[] } | null;
  const mark = () => (db.sqlite.query("SELECT event_id FROM case_facts_mark").get() as { event_id: number }).event_id;
  const top = () => (db.sqlite.query("SELECT MAX(id) AS m FROM case_events").get() as { m: number }).m;
  const c = createCase(db, w.inspector_wang, {
    source: "inspector",
    categoryId: w.cat_manhole,
    description: "井盖缺失",
    lng: 115.905,
    lat: 28.605,
  });
  fileCase(db, w.intake_qian, { caseId: c.id });
  dispatch(db, w.dispatcher_zhou, { caseId: c.id, departmentId: w.dept_water });
  // Written by the door itself, no evaluation read in between.
  expect(fact(c.id)?.state).toBe("dispatched");
  expect(fact(c.id)?.attempts.length).toBe(1);
  expect(mark()).toBe(top());
  // A transaction that fails after the transition leaves neither the case nor its fact changed.
  expect(() =>
    tx(db, () => {
      accept(db, w.water_wu, { caseId: c.id });
      throw new Error("rolled back");
    }),
  ).toThrow("rolled back");
  expect(fact(c.id)?.state).toBe("dispatched");
  accept(db, w.water_wu, { caseId: c.id });
  expect(fact(c.id)?.state).toBe("in_progress");
  // The bulk door does not call the listener: the next read rebuilds what it wrote.
  const old = importHistory(db).addCase({
    no: "20261101-0042",
    state: "reported",
    description: "旧案",
    created_at: "2026-11-01T02:00:00Z",
  });
  importHistory(db).addEvent(old, {
    at: "2026-11-01T02:00:00Z",
    action: "report",
    from: null,
    to: "reported",
    actor: "系统",
    userId: null,
    note: null,
    data: null,
  });
  expect(fact(old)).toBeNull();
  expect(mark()).toBeLessThan(top());
  expect(loadFacts(db, "2026-10-31T16:00:00.000Z", "2026-11-30T16:00:00.000Z").map((f) => f.no)).toContain(
    "20261101-0042",
  );
  expect(fact(old)?.state).toBe("reported");
  expect(mark()).toBe(top());
});
