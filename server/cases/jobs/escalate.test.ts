import { test, expect } from "bun:test";
import { testDb } from "../../testing/index.ts";
import { world } from "../fixtures.ts";
import { createCase } from "../index.ts";
import { fileCase } from "../verbs/file.ts";
import { dispatch } from "../verbs/dispatch.ts";
import { escalate } from "./escalate.ts";
import { loadCase } from "../transition.ts";
import { timeline } from "../queries.ts";
import { unreadCount } from "../../notify/index.ts";

test("warns inside the window, marks overdue after the deadline, notifies, and is idempotent", () => {
  const db = testDb();
  const w = world(db);
  const t0 = new Date("2026-11-23T02:00:00.000Z");
  const c = createCase(
    db,
    w.intake_qian,
    { source: "hotline", description: "井盖缺失", address: "东门路", categoryId: w.cat_manhole },
    t0,
  );
  fileCase(db, w.intake_qian, { caseId: c.id });
  const d = dispatch(db, w.dispatcher_zhou, { caseId: c.id }); // 24 natural hours, warn at 80 %
  const due = Date.parse(d.row.due_at!);
  const warn = Date.parse(d.row.warn_at!);
  expect(due - warn).toBe(4.8 * 3600_000);
  const handlerBefore = unreadCount(db, w.water_wu.userId);

  expect(escalate(db, new Date(warn - 1000))).toEqual({ warned: 0, overdue: 0 });
  expect(escalate(db, new Date(warn + 1000))).toEqual({ warned: 1, overdue: 0 });
  expect(escalate(db, new Date(warn + 2000))).toEqual({ warned: 0, overdue: 0 });
  expect(loadCase(db, c.id).warn_level).toBe(1);
  expect(unreadCount(db, w.water_wu.userId)).toBe(handlerBefore + 1);

  const dispatcherBefore = unreadCount(db, w.dispatcher_zhou.userId);
  expect(escalate(db, new Date(due + 1000))).toEqual({ warned: 0, overdue: 1 });
  const snapshot = JSON.stringify([loadCase(db, c.id), timeline(db, c.id)]);
  expect(escalate(db, new Date(due + 60_000))).toEqual({ warned: 0, overdue: 0 });
  expect(JSON.stringify([loadCase(db, c.id), timeline(db, c.id)])).toBe(snapshot);
  const row = loadCase(db, c.id);
  expect([row.warn_level, row.overdue_ever, row.state, row.due_at]).toEqual([2, 1, "dispatched", d.row.due_at]);
  expect(
    timeline(db, c.id)
      .map((e) => e.action)
      .slice(-2),
  ).toEqual(["warn", "overdue"]);
  expect(unreadCount(db, w.dispatcher_zhou.userId)).toBe(dispatcherBefore + 1); // escalated to the dispatcher's attention
});

test("a case past both thresholds at once is marked overdue once, without a separate warning; suspended cases are skipped", () => {
  const db = testDb();
  const w = world(db);
  const c = createCase(
    db,
    w.intake_qian,
    { source: "hotline", description: "井盖缺失", address: "东门路", categoryId: w.cat_manhole },
    new Date("2026-01-01T00:00:00Z"),
  );
  expect(escalate(db, new Date("2026-06-01T00:00:00Z"))).toEqual({ warned: 0, overdue: 1 });
  expect(timeline(db, c.id).map((e) => e.action)).toEqual(["report", "overdue"]);
  db.sqlite.query("UPDATE cases SET state = 'suspended', warn_level = 0 WHERE id = ?").run(c.id);
  expect(escalate(db, new Date("2026-06-02T00:00:00Z"))).toEqual({ warned: 0, overdue: 0 });
});
