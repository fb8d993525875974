// The lifecycle as a table: every (state, action, role) is either allowed with a known
// target state or refused, checked against the pure data and through transition() on a real DB.
import { test, expect, describe } from "bun:test";
import {
  TRANSITIONS,
  STATES,
  ACTION_NAMES,
  findTransition,
  diagram,
  type CaseState,
  type Action,
  type Who,
} from "./lifecycle.ts";
import { eventName } from "./lifecycle.ts";
import { testDb } from "../testing/index.ts";
import { world } from "./fixtures.ts";
import { transition } from "./transition.ts";
import { createCase } from "./index.ts";
import { AppError } from "../core/errors.ts";
import type { Actor } from "../core/context.ts";

// Written out by hand from DOMAIN.md so that a change to lifecycle.ts must be deliberate.
const EXPECTED = `
reported request_verify verifying intake
verifying verified reported inspector
reported file filed intake,shift_lead
reported reject rejected intake,shift_lead
reported merge merged intake,shift_lead
reported request_cancel reported intake
filed request_cancel filed intake
reported approve_cancel cancelled shift_lead
filed approve_cancel cancelled shift_lead
reported deny_cancel reported shift_lead
filed deny_cancel filed shift_lead
filed dispatch dispatched dispatcher
dispatched accept in_progress handler
dispatched sub_dispatch dispatched handler
in_progress sub_dispatch dispatched handler
dispatched request_return dispatched handler
in_progress request_return in_progress handler
dispatched approve_return filed dispatcher
in_progress approve_return filed dispatcher
dispatched deny_return dispatched dispatcher
in_progress deny_return in_progress dispatcher
in_progress request_extend in_progress handler
in_progress approve_extend in_progress dispatcher
in_progress deny_extend in_progress dispatcher
in_progress request_suspend in_progress handler
in_progress approve_suspend suspended dispatcher
in_progress deny_suspend in_progress dispatcher
suspended resume in_progress dispatcher
in_progress complete checking handler
checking send_check checking intake
checking check_pass to_close inspector
checking check_fail in_progress inspector
to_close close closed intake,shift_lead
closed reopen filed shift_lead
rejected reopen reported shift_lead
cancelled reopen reported shift_lead
`
  .trim()
  .split("\n")
  .map((l) => {
    const [from, action, to, roles] = l.split(" ");
    return { from, action, to, roles: roles!.split(",") };
  });

const OPEN = ["reported", "verifying", "filed", "dispatched", "in_progress", "checking", "to_close", "suspended"];
const CLOCKED = ["reported", "verifying", "filed", "dispatched", "in_progress", "checking"];
for (const s of OPEN) EXPECTED.push({ from: s, action: "urge", to: s, roles: ["dispatcher", "shift_lead", "leader"] });
// 更正位置: the supervision centre moves a case on the map before it is dispatched.
for (const s of ["reported", "verifying", "filed"])
  EXPECTED.push({ from: s, action: "relocate", to: s, roles: ["intake", "shift_lead"] });
for (const s of CLOCKED)
  for (const a of ["warn", "overdue"]) EXPECTED.push({ from: s, action: a, to: s, roles: ["system"] });

const ALL_STATES = Object.keys(STATES) as CaseState[];
const ALL_ACTIONS = Object.keys(ACTION_NAMES).filter((a) => a !== "report") as Action[];
const ALL_WHO: Who[] = [
  "inspector",
  "hotline",
  "intake",
  "shift_lead",
  "dispatcher",
  "handler",
  "leader",
  "admin",
  "system",
];

describe("lifecycle data", () => {
  test("exactly the expected transitions exist", () => {
    const got = TRANSITIONS.map((t) => `${t.from} ${t.action} ${t.to} ${[...t.roles].sort().join(",")}`).sort();
    const want = EXPECTED.map((t) => `${t.from} ${t.action} ${t.to} ${[...t.roles].sort().join(",")}`).sort();
    expect(got).toEqual(want);
    expect(got.length).toBe(36 + 8 + 3 + 12);
  });
  test("closed states have no way out but reopen; merged has none", () => {
    for (const s of ["closed", "rejected", "cancelled"] as CaseState[])
      expect(TRANSITIONS.filter((t) => t.from === s).map((t) => t.action)).toEqual(["reopen"]);
    expect(TRANSITIONS.filter((t) => t.from === "merged")).toEqual([]);
    expect(findTransition("filed", "close")).toBeNull();
  });
  test("diagram names every human transition in Chinese", () => {
    const d = diagram();
    expect(d).toContain("待受理 --立案(intake/shift_lead)--> 待派遣");
    expect(d).not.toContain("超期");
  });
});

describe("lifecycle through transition() for every state × action × role", () => {
  const db = testDb();
  const w = world(db);
  const c = createCase(db, w.intake_qian, {
    source: "hotline",
    description: "东门路井盖缺失",
    address: "东门路 12 号",
    categoryId: w.cat_manhole,
  });
  // One actor per role; scope is satisfied (department and assignment point at them).
  const actors: Record<string, Actor> = {
    inspector: w.inspector_wang,
    hotline: w.hotline_sun,
    intake: w.intake_qian,
    shift_lead: w.shiftlead_zhao,
    dispatcher: w.dispatcher_zhou,
    handler: w.water_wu,
    leader: w.leader_li,
    admin: w.admin_root,
    system: { kind: "system", job: "test" },
  };
  let allowedCount = 0,
    refusedCount = 0;
  test("allowed ones succeed with the right target; others are refused (403 by role, 409 by state)", () => {
    for (const from of ALL_STATES) {
      for (const action of ALL_ACTIONS) {
        const exp = EXPECTED.find((e) => e.from === from && e.action === action);
        for (const who of ALL_WHO) {
          db.sqlite
            .query("UPDATE cases SET state = ?, department_id = ?, inspector_id = ?, pending = NULL WHERE id = ?")
            .run(from, w.dept_water, w.inspector_wang.userId, c.id);
          let err: AppError | null = null;
          try {
            const r = transition(db, actors[who]!, { caseId: c.id, action, expect: from });
            expect(r.row.state).toBe(exp!.to as CaseState);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            err = e;
          }
          const ok = !!exp && exp.roles.includes(who);
          if (ok) {
            expect(err).toBeNull();
            allowedCount++;
          } else {
            expect(err?.status).toBe(exp ? 403 : 409);
            refusedCount++;
          }
        }
      }
    }
    expect(allowedCount).toBe(EXPECTED.reduce((n, e) => n + e.roles.length, 0));
    expect(allowedCount + refusedCount).toBe(ALL_STATES.length * ALL_ACTIONS.length * ALL_WHO.length);
  });
  test("a lost race (state moved on) is a 409 with a Chinese message and changes nothing", () => {
    db.sqlite.query("UPDATE cases SET state = 'filed' WHERE id = ?").run(c.id);
    const before = (db.sqlite.query("SELECT count(*) n FROM case_events WHERE case_id = ?").get(c.id) as any).n;
    try {
      transition(db, w.intake_qian, { caseId: c.id, action: "file", expect: "reported" });
      throw new Error("should fail");
    } catch (e) {
      expect((e as AppError).status).toBe(409);
      expect((e as AppError).message).toContain("已被他人处理");
    }
    expect((db.sqlite.query("SELECT count(*) n FROM case_events WHERE case_id = ?").get(c.id) as any).n).toBe(before);
  });
  test("scope: a handler of another department and an unassigned inspector are refused", () => {
    db.sqlite.query("UPDATE cases SET state = 'dispatched', department_id = ? WHERE id = ?").run(w.dept_water, c.id);
    expect(() => transition(db, w.roads_he, { caseId: c.id, action: "accept" })).toThrow(/无权/);
    db.sqlite
      .query("UPDATE cases SET state = 'checking', inspector_id = ? WHERE id = ?")
      .run(w.inspector_wang.userId, c.id);
    expect(() => transition(db, w.inspector_li, { caseId: c.id, action: "check_pass" })).toThrow(/无权/);
    // a town sub-centre acts on its sub-unit's case
    db.sqlite
      .query("UPDATE cases SET state = 'dispatched', department_id = ? WHERE id = ?")
      .run(w.dept_town_unit, c.id);
    expect(transition(db, w.town_zheng, { caseId: c.id, action: "accept" }).row.state).toBe("in_progress");
    // but the sub-unit does not act on the sub-centre's own case
    db.sqlite.query("UPDATE cases SET state = 'dispatched', department_id = ? WHERE id = ?").run(w.dept_town, c.id);
    expect(() => transition(db, w.unit_feng, { caseId: c.id, action: "accept" })).toThrow(/无权/);
  });
});

test("every timeline row has a Chinese label, including rows other modules write", () => {
  expect(eventName("file")).toBe("立案");
  expect(eventName("hotline_call")).toBe("热线来电");
  expect(eventName("objection_rejected")).toBe("申诉驳回");
  expect(eventName("no_such_action")).toBe("no_such_action");
});
