// The door for state changes: every change of a case goes through transition(). In one IMMEDIATE
// transaction it checks the policy, updates the row guarded by its expected state, writes
// the timeline event, recomputes the stored deadline and queues domain events for after commit.
// The other doors (appendNote, createCase, importHistory) are in timeline.ts.
import type { Db } from "../core/db.ts";
import { tx, nowIso } from "../core/db.ts";
import type { Actor } from "../core/context.ts";
import { Conflict, Forbidden } from "../core/errors.ts";
import { getSetting } from "../core/settings.ts";
import { addTime, type TimeLimit } from "../core/calendar.ts";
import { departmentTree } from "../departments/index.ts";
import {
  STATES,
  ACTION_NAMES,
  EFFECTS,
  findTransition,
  type Action,
  type CaseState,
  type Stage,
  type Transition,
  type Who,
} from "./lifecycle.ts";
import type { CaseRow } from "./model.ts";
import { timeLimit, loadCalendar, CATALOG_DEFAULT_LIMITS } from "./refdata.ts";
import { recipients } from "./recipients.ts";
import { loadCase, announce, eventActor, writeEvent } from "./timeline.ts";

/**
 * The columns a transition may set besides state and clock (derived from the verbs): the
 * category and urgency at filing, the responsible department and assigned inspector, the
 * location (更正位置), the stage timestamps, the open request, suspension and escalation
 * bookkeeping, and the merge target. Anything else in `patch` is a type error and throws.
 * Counters are not patched: they are the actions' declared EFFECTS (lifecycle.ts).
 */
export const PATCHABLE = [
  "category_id",
  "urgency",
  "department_id",
  "inspector_id",
  "lng",
  "lat",
  "grid_id",
  "town_id",
  "community_id",
  "pending",
  "suspended_remaining",
  "warn_level",
  "overdue_ever",
  "merged_into",
  "filed_at",
  "dispatched_at",
  "completed_at",
  "closed_at",
] as const satisfies readonly (keyof CaseRow)[];
export type PatchColumn = (typeof PATCHABLE)[number];
export type Patch = { [K in PatchColumn]?: CaseRow[K] };
const patchable = new Set<string>(PATCHABLE);

export type Clock = "auto" | "keep" | "restart" | { due: string | null; warn: string | null };

export type TransitionInput = {
  caseId: number;
  action: Action;
  /** The state the user saw; a different current state is a lost race (409). */
  expect?: CaseState;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Extra columns to set on the case row: only the PATCHABLE ones. */
  patch?: Patch;
  clock?: Clock;
  /** Runs inside the transaction after the update, with the new event id. */
  then?: (eventId: number, row: CaseRow) => void;
  now?: Date;
};

export type TransitionResult = { row: CaseRow; eventId: number; transition: Transition };

export { loadCase };

/** The roles of an actor as lifecycle "who"s. */
export function whoOf(actor: Actor): Who[] {
  if (actor.kind === "user") return actor.roles;
  if (actor.kind === "system") return ["system"];
  return [];
}

/**
 * May this actor take this transition on this row? Roles first, then scope:
 * handlers only on their department's cases (a town sub-centre also its sub-units'),
 * inspectors only on tasks assigned to them.
 */
export function allowed(db: Db, actor: Actor, row: CaseRow, t: Transition): boolean {
  const mine = whoOf(actor).filter((r) => t.roles.includes(r));
  for (const r of mine) {
    if (r === "handler") {
      if (actor.kind !== "user" || !actor.departmentId || !row.department_id) continue;
      if (departmentTree(db, actor.departmentId).includes(row.department_id)) return true;
    } else if (r === "inspector") {
      if (actor.kind === "user" && row.inspector_id === actor.userId) return true;
    } else return true;
  }
  return false;
}

export function computeClock(db: Db, row: Pick<CaseRow, "category_id" | "urgency">, stage: Stage | null, now: Date) {
  if (!stage) return { due: null, warn: null };
  // A report not yet categorised runs on the catalogue's default limits for its urgency.
  const limit: TimeLimit =
    (row.category_id ? timeLimit(db, row.category_id, row.urgency, stage) : null) ??
    CATALOG_DEFAULT_LIMITS[row.urgency][stage];
  const cal = loadCalendar(db);
  const ratio = Number(getSetting(db, "cases.warn_ratio")) || 0.8;
  const due = addTime(cal, now, limit);
  const warn = addTime(cal, now, { ...limit, amount: limit.amount * ratio });
  return { due: due.toISOString(), warn: warn.toISOString() };
}

export function transition(db: Db, actor: Actor, input: TransitionInput): TransitionResult {
  return tx(db, () => {
    const now = input.now ?? new Date();
    const at = now.toISOString();
    const row = loadCase(db, input.caseId);
    if (input.expect && row.state !== input.expect) {
      throw Conflict(
        "case.state_changed",
        `案件 ${row.no} 已被他人处理（当前状态：${STATES[row.state].name}），请刷新后重试`,
      );
    }
    const t = findTransition(row.state, input.action);
    if (!t) {
      throw Conflict(
        "case.bad_transition",
        `案件 ${row.no} 当前状态为「${STATES[row.state].name}」，不能执行「${ACTION_NAMES[input.action]}」`,
      );
    }
    if (!allowed(db, actor, row, t)) throw Forbidden(`您无权对案件 ${row.no} 执行「${ACTION_NAMES[input.action]}」`);

    const set: Record<string, string | number | null> = { ...checkedPatch(input.patch) };
    const effect = EFFECTS[t.action];
    for (const c of effect?.clear ?? []) set[c] = null;
    const fromStage = STATES[t.from].stage;
    const toStage = STATES[t.to].stage;
    let clock: Clock = input.clock ?? "auto";
    if (clock === "auto")
      clock = t.to === t.from ? "keep" : fromStage === toStage && toStage !== null ? "keep" : "restart";
    if (clock === "restart") {
      const c = computeClock(db, row, toStage, now);
      Object.assign(set, { due_at: c.due, warn_at: c.warn, warn_level: 0, stage_started_at: toStage ? at : null });
    } else if (clock !== "keep") {
      Object.assign(set, { due_at: clock.due, warn_at: clock.warn, warn_level: 0 });
    }
    set.state = t.to;
    set.updated_at = at;
    const cols = Object.keys(set);
    const assign = cols.map((c) => `${c} = ?`);
    if (effect?.count) assign.push(`${effect.count} = ${effect.count} + 1`);
    const res = db.sqlite
      .query(`UPDATE cases SET ${assign.join(", ")} WHERE id = ? AND state = ?`)
      .run(...(cols.map((c) => set[c]) as any[]), row.id, row.state);
    if (res.changes !== 1) throw Conflict("case.state_changed", `案件 ${row.no} 已被他人处理，请刷新后重试`);

    const data = { ...(input.data ?? {}), ...(set.due_at !== undefined ? { due_at: set.due_at } : {}) };
    const eventId = writeEvent(db, {
      caseId: row.id,
      at,
      action: t.action,
      from: t.from,
      to: t.to,
      ...eventActor(actor),
      note: input.note ?? null,
      data: Object.keys(data).length ? data : null,
    });
    input.then?.(eventId, loadCase(db, row.id));
    const after = loadCase(db, row.id);
    const text = `案件 ${row.no}：${ACTION_NAMES[t.action]}${input.note ? `（${input.note.slice(0, 40)}）` : ""}`;
    const who = recipients(db, after, t.action, actor);
    announce(db, after, t, who.length ? { userIds: who, kind: t.action, text } : null);
    return { row: after, eventId, transition: t };
  });
}

/** The patch with its columns checked at run time too (a cast or a spread can smuggle keys past the type). */
function checkedPatch(patch: Patch | undefined): Patch {
  for (const k of Object.keys(patch ?? {}))
    if (!patchable.has(k)) throw new Error(`transition(): column "${k}" may not be patched`);
  return patch ?? {};
}

export { nowIso };
