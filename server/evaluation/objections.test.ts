import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { buildScenario } from "./fixtures.ts";
import { evaluate } from "./queries.ts";
import { periodOf } from "./period.ts";
import { fileObjection } from "./verbs/file-objection.ts";
import { decideObjection } from "./verbs/decide-objection.ts";
import type { UserActor } from "../core/context.ts";

const NOW = new Date("2026-12-01T00:00:00Z");
const NOV = periodOf("month", "2026-11-15");

test("an accepted objection removes the count, recalculates and is on the case timeline; a rejected one changes nothing", () => {
  const db = testDb();
  const s = buildScenario(db);
  const handler: UserActor = {
    kind: "user",
    userId: s.insp,
    username: "h",
    name: "部门人员",
    roles: ["handler"],
    departmentId: s.d1,
  };
  const lead: UserActor = {
    kind: "user",
    userId: s.intake,
    username: "l",
    name: "赵值班长",
    roles: ["shift_lead"],
    departmentId: null,
  };
  const d1 = () => evaluate(db, "department", NOV, NOW).rows.find((r) => r.id === s.d1)!;
  expect(d1().values.overdue).toBe(2);

  expect(() =>
    fileObjection(
      db,
      { ...handler, departmentId: s.d2 },
      { caseNo: "20261103-0001", departmentId: s.d1, indicator: "overdue", reason: "暴雨停工" },
    ),
  ).toThrow("只能为本部门提出申诉");
  const { id } = fileObjection(db, handler, {
    caseNo: "20261103-0001",
    departmentId: s.d1,
    indicator: "overdue",
    reason: "暴雨停工，无法施工",
  });
  expect(() =>
    fileObjection(db, handler, {
      caseNo: "20261103-0001",
      departmentId: s.d1,
      indicator: "overdue",
      reason: "再次申诉一下",
    }),
  ).toThrow("待审核");
  expect(d1().values.overdue).toBe(2); // pending: no change yet

  expect(() => decideObjection(db, lead, { id, accept: false })).toThrow("驳回申诉请填写理由");
  decideObjection(db, lead, { id, accept: true, note: "属实" });
  expect(d1().values.overdue).toBe(1);
  expect(d1().values.on_time).toBe(4);
  expect(() => decideObjection(db, lead, { id, accept: true })).toThrow("已处理");

  const r2 = fileObjection(db, handler, {
    caseNo: "20261104-0001",
    departmentId: s.d1,
    indicator: "rework",
    reason: "核查标准理解不一",
  });
  decideObjection(db, lead, { id: r2.id, accept: false, note: "照片显示未整改" });
  expect(d1().values.rework).toBe(1);

  const tl = db.sqlite
    .query(
      "SELECT c.no, e.action, e.from_state, e.to_state, e.actor, e.note FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.action LIKE 'objection%' ORDER BY e.id",
    )
    .all();
  expect(tl).toEqual([
    {
      no: "20261103-0001",
      action: "objection",
      from_state: "closed",
      to_state: "closed",
      actor: "部门人员",
      note: "暴雨停工，无法施工",
    },
    {
      no: "20261103-0001",
      action: "objection_accepted",
      from_state: "closed",
      to_state: "closed",
      actor: "赵值班长",
      note: "属实",
    },
    {
      no: "20261104-0001",
      action: "objection",
      from_state: "closed",
      to_state: "closed",
      actor: "部门人员",
      note: "核查标准理解不一",
    },
    {
      no: "20261104-0001",
      action: "objection_rejected",
      from_state: "closed",
      to_state: "closed",
      actor: "赵值班长",
      note: "照片显示未整改",
    },
  ]);
});
