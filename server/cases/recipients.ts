// Who hears about a case event: THE rule, used by transition(), appendNote() and createCase().
//
// The people who must act next. A department is reached through its handler accounts; a department
// without active handlers falls back to its parent (for a 三级单位, the town sub-centre that owns it),
// up the tree, and then to the dispatchers. 督办 also reaches the parent department and the sub-centre
// that sub-dispatched the case. A directed event never ends with nobody: an empty role falls back
// to the shift leads, then the administrators.
import type { Db } from "../core/db.ts";
import type { Actor } from "../core/context.ts";
import type { Action } from "./lifecycle.ts";
import type { CaseRow } from "./model.ts";
import { usersWithRole } from "../notify/index.ts";
import { departmentById } from "../departments/index.ts";
import { and, desc, eq, sql } from "drizzle-orm";
import { prepared } from "../core/prepared.ts";
import { caseEvents } from "./tables.ts";

/** What happened: a state change, a new report, or a timeline note kind. */
export type NotifyEvent = Action | "report" | (string & {});

const byRole = (db: Db, role: string) => usersWithRole(db, role);

/** The first non-empty list, trying each source in turn. */
function firstOf(...sources: (() => number[])[]): number[] {
  for (const s of sources) {
    const ids = s();
    if (ids.length) return ids;
  }
  return [];
}

/** Active handler accounts of this exact department. */
export const handlersOf = (db: Db, deptId: number | null): number[] =>
  deptId ? usersWithRole(db, "handler", [deptId]) : [];

/** The department's handlers, else the nearest ancestor's with handlers, else the dispatchers. */
export function departmentPeople(db: Db, deptId: number | null): number[] {
  const seen = new Set<number>();
  let id = deptId;
  while (id && !seen.has(id)) {
    seen.add(id);
    const h = handlersOf(db, id);
    if (h.length) return h;
    id = departmentById(db, id)?.parent_id ?? null;
  }
  return byRole(db, "dispatcher");
}

/**
 * Where a department's notifications go when it has no active handler accounts, in words for the
 * dispatch forms (null when it has its own). Dispatch and sub-dispatch show this before sending.
 */
export function fallbackNote(db: Db, deptId: number): string | null {
  if (handlersOf(db, deptId).length) return null;
  let id = departmentById(db, deptId)?.parent_id ?? null;
  const seen = new Set<number>([deptId]);
  while (id && !seen.has(id)) {
    seen.add(id);
    const d = departmentById(db, id);
    if (handlersOf(db, id).length) return `无在岗账号，通知将转至${d?.name ?? "上级部门"}`;
    id = d?.parent_id ?? null;
  }
  return "无在岗账号，通知将转至指挥中心调度员";
}

/** The sub-centre that passed the case down (二级派遣), if any. */
const lastSubDispatch = prepared((orm) =>
  orm
    .select({ d: sql<number | null>`json_extract(${caseEvents.data}, '$.fromDepartmentId')` })
    .from(caseEvents)
    .where(and(eq(caseEvents.case_id, sql.placeholder("caseId")), eq(caseEvents.action, "sub_dispatch")))
    .orderBy(desc(caseEvents.id))
    .limit(1)
    .prepare(),
);
function subDispatcher(db: Db, caseId: number): number | null {
  return lastSubDispatch(db).get({ caseId })?.d ?? null;
}

/**
 * 新上报 goes to ONE intake operator, round-robin: among the intake operators signed in now (a live
 * session), else all active ones, the one whose last new-report notification is the oldest. The others
 * are not told of each report: their workbench counters and list refresh live (the digest).
 */
function intakeOperatorFor(db: Db): number[] {
  const all = byRole(db, "intake");
  if (all.length <= 1) return all;
  const marks = all.map(() => "?").join(",");
  const online = db.sqlite
    .query<{ id: number }, (string | number)[]>(
      `SELECT DISTINCT user_id AS id FROM sessions WHERE expires_at > ? AND user_id IN (${marks})`,
    )
    .all(new Date().toISOString(), ...all)
    .map((r) => r.id);
  const pool = online.length ? online : all;
  const last = new Map(
    db.sqlite
      .query<{ id: number; n: number }, number[]>(
        `SELECT user_id AS id, max(id) AS n FROM notifications WHERE kind = 'report' AND user_id IN (${marks}) GROUP BY user_id`,
      )
      .all(...all)
      .map((r) => [r.id, r.n]),
  );
  const next = [...pool].sort((a, b) => (last.get(a) ?? 0) - (last.get(b) ?? 0) || a - b)[0]!;
  return [next];
}

/** Whoever holds the case in its current state (the stage's owner). */
function holders(db: Db, row: CaseRow): number[] {
  const s = row.state;
  if (s === "reported") return byRole(db, "intake");
  if (s === "verifying" || s === "checking") return row.inspector_id ? [row.inspector_id] : byRole(db, "intake");
  if (s === "filed") return byRole(db, "dispatcher");
  if (s === "dispatched" || s === "in_progress" || s === "suspended") return departmentPeople(db, row.department_id);
  return [];
}

export function recipients(db: Db, row: CaseRow, event: NotifyEvent, actor: Actor): number[] {
  const dept = row.department_id;
  let ids: number[];
  switch (event) {
    case "report":
      ids = intakeOperatorFor(db);
      break;
    case "request_verify":
    case "send_check":
      ids = row.inspector_id ? [row.inspector_id] : byRole(db, "intake");
      break;
    case "verified":
    case "check_pass":
    case "complete":
      ids = byRole(db, "intake");
      break;
    case "file":
    case "approve_return":
    case "reopen":
      ids = row.state === "filed" ? byRole(db, "dispatcher") : byRole(db, "intake");
      break;
    case "dispatch":
    case "sub_dispatch":
    case "check_fail":
    case "resume":
    case "approve_extend":
    case "deny_extend":
    case "approve_suspend":
    case "deny_suspend":
    case "deny_return":
      ids = departmentPeople(db, dept);
      break;
    case "urge": {
      const parent = dept ? (departmentById(db, dept)?.parent_id ?? null) : null;
      ids = [...departmentPeople(db, dept), ...handlersOf(db, parent), ...handlersOf(db, subDispatcher(db, row.id))];
      break;
    }
    case "request_return":
    case "request_extend":
    case "request_suspend":
      ids = byRole(db, "dispatcher");
      break;
    case "request_cancel":
      ids = byRole(db, "shift_lead");
      break;
    case "warn":
    case "overdue":
      ids = holders(db, row);
      if (event === "overdue" && (row.state === "dispatched" || row.state === "in_progress"))
        ids = [...ids, ...byRole(db, "dispatcher")];
      break;
    case "hotline_call":
      // A citizen called again about this case: whoever holds it now.
      ids = holders(db, row);
      break;
    default:
      // Terminal or self-evident steps (接收, 结案, 不予立案…) and other notes are told to nobody.
      return [];
  }
  const self = actor.kind === "user" ? actor.userId : -1;
  const out = (xs: number[]) => [...new Set(xs)].filter((i) => i !== self);
  const found = out(ids);
  if (found.length) return found;
  return out(
    firstOf(
      () => out(byRole(db, "shift_lead")),
      () => out(byRole(db, "admin")),
    ),
  );
}
