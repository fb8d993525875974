// 延期: the department asks for more time; an approved extension moves the stored deadline
// (and is counted: EFFECTS.approve_extend in lifecycle.ts).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, Conflict } from "../../core/errors.ts";
import { addWorkingTime } from "../../core/calendar.ts";
import { openRequest, decideRequest, pendingRequest, type Base } from "./common.ts";
import { loadCase } from "../transition.ts";
import { loadCalendar } from "../refdata.ts";

export function requestExtend(db: Db, actor: Actor, input: Base & { hours: number }) {
  if (!(input.hours > 0 && input.hours <= 24 * 30))
    throw Validation("case.extend_hours", "延期时长须为 1–720 个工作小时", { hours: "延期时长须为 1–720 个工作小时" });
  return openRequest(db, actor, "extend", { ...input, minutes: Math.round(input.hours * 60) }, "request_extend");
}

export function decideExtend(db: Db, actor: Actor, input: Base & { approve: boolean }) {
  const row = loadCase(db, input.caseId);
  const req = pendingRequest(db, input.caseId, "extend");
  if (!req) throw Conflict("case.no_request", "没有待审批的延期申请，请刷新");
  if (!input.approve) return decideRequest(db, actor, "extend", input, "approve_extend", "deny_extend");
  const cal = loadCalendar(db);
  const base = row.due_at ? new Date(Math.max(Date.parse(row.due_at), 0)) : new Date();
  const due = addWorkingTime(cal, base, req.minutes ?? 0, "minute");
  const warn = addWorkingTime(cal, due, -Math.round((req.minutes ?? 0) * 0.2), "minute");
  return decideRequest(db, actor, "extend", input, "approve_extend", "deny_extend", {
    clock: { due: due.toISOString(), warn: warn.toISOString() },
    data: { minutes: req.minutes, previousDue: row.due_at },
  });
}
