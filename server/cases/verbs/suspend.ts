// 挂账: the department asks to suspend (cannot be handled now); approval stops the clock,
// storing the remaining working minutes; resume restores them from the moment of resuming.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { addWorkingTime, workingTimeBetween } from "../../core/calendar.ts";
import { transition, loadCase } from "../transition.ts";
import { openRequest, decideRequest, parse, base, type Base } from "./common.ts";
import { loadCalendar } from "../refdata.ts";
import { z } from "zod";

export const requestSuspend = (db: Db, actor: Actor, input: Base) =>
  openRequest(db, actor, "suspend", input, "request_suspend");

export function decideSuspend(db: Db, actor: Actor, input: Base & { approve: boolean }, now = new Date()) {
  if (!input.approve) return decideRequest(db, actor, "suspend", input, "approve_suspend", "deny_suspend");
  const row = loadCase(db, input.caseId);
  const remaining = row.due_at ? workingTimeBetween(loadCalendar(db), now, new Date(row.due_at)) : null;
  return decideRequest(db, actor, "suspend", input, "approve_suspend", "deny_suspend", {
    now,
    clock: { due: null, warn: null },
    patch: { suspended_remaining: remaining },
    data: { remainingMinutes: remaining },
  });
}

export function resume(db: Db, actor: Actor, input: Base, now = new Date()) {
  const i = parse(z.object(base), input);
  const row = loadCase(db, i.caseId);
  const left = row.suspended_remaining ?? 0;
  const cal = loadCalendar(db);
  const due = addWorkingTime(cal, now, left, "minute");
  const warn = addWorkingTime(cal, now, left * 0.8, "minute");
  return transition(db, actor, {
    caseId: i.caseId,
    action: "resume",
    expect: i.expect,
    note: i.note,
    now,
    clock: { due: due.toISOString(), warn: warn.toISOString() },
    patch: { suspended_remaining: null },
    data: { remainingMinutes: left },
  });
}
