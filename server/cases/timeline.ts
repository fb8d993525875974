// The case timeline's door. Together with transition.ts this is the only code that writes the
// `cases` and `case_events` tables (server/cases/timeline-door.test.ts fails on any other writer).
// Three doors for everyone else, exported through server/cases/index.ts:
//   transition()  (transition.ts)  a state change: policy, guarded update, event, clock, notifications
//   appendNote()                   a timeline row that changes no state (calls, objections, merges…)
//   createCase()  (verbs/report.ts, over openCase() here)  a new case from any source
// and one bulk door for a past that already happened: importHistory() (demo data, test fixtures).
import type { Db } from "../core/db.ts";
import { onCommit, tx } from "../core/db.ts";
import { NotFound } from "../core/errors.ts";
import { type Actor, actorLabel } from "../core/context.ts";
import { notifyUsers } from "../notify/index.ts";
import { busFor, type CaseEvent } from "./events.ts";
import {
  type CaseState,
  type Channel,
  eventName,
  NOTE_NAMES,
  type NoteKind,
  type Source,
  type Urgency,
} from "./lifecycle.ts";
import type { CaseRow } from "./model.ts";
import { recipients } from "./recipients.ts";

/** One timeline row as stored. `actor` is the label shown on the timeline. */
export type EventRow = {
  caseId: number;
  at: string;
  action: string;
  from: CaseState | null;
  to: CaseState;
  actor: string;
  userId: number | null;
  note?: string | null;
  /** Stored as JSON; null/undefined stores NULL. */
  data?: unknown;
};

/** The actor label and user id a timeline row records for an actor. */
export const eventActor = (actor: Actor) => ({
  actor: actorLabel(actor),
  userId: actor.kind === "user" ? actor.userId : null,
});

/**
 * Called inside the door's transaction after every timeline row the live doors write (the
 * evaluation module keeps its per-case facts with it). The bulk door (importHistory) does not
 * call it: a listener must catch up from case_events ids it has not seen.
 */
export type TimelineListener = (db: Db, caseId: number, eventId: number) => void;
const listeners: TimelineListener[] = [];
export function onTimeline(fn: TimelineListener) {
  if (!listeners.includes(fn)) listeners.push(fn);
}

/** The one INSERT INTO case_events. Internal to the cases module: use one of the doors. */
export function writeEvent(db: Db, e: EventRow, notify = true): number {
  const r = db.sqlite
    .query(
      "INSERT INTO case_events (case_id, at, action, from_state, to_state, actor, user_id, note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .get(
      e.caseId,
      e.at,
      e.action,
      e.from,
      e.to,
      e.actor,
      e.userId,
      e.note ?? null,
      e.data == null ? null : JSON.stringify(e.data),
    ) as { id: number };
  if (notify) for (const fn of listeners) fn(db, e.caseId, r.id);
  return r.id;
}

/**
 * What every door does after writing: notify the people who must act (in the transaction) and
 * publish the "case" bus event after commit.
 */
export function announce(
  db: Db,
  row: Pick<CaseRow, "id" | "no" | "department_id">,
  e: { action: string; from: CaseState | null; to: CaseState },
  notify: { userIds: Iterable<number>; kind: string; text: string } | null,
) {
  const bus = busFor(db);
  if (notify) notifyUsers(db, bus, notify.userIds, { caseId: row.id, kind: notify.kind, text: notify.text });
  if (!bus) return;
  const ev: CaseEvent = {
    caseId: row.id,
    no: row.no,
    action: e.action,
    from: e.from,
    to: e.to,
    departmentId: row.department_id,
  };
  onCommit(db, () => bus.publish("case", ev));
}

export type NoteInput = {
  caseId: number;
  kind: NoteKind;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** When it happened (default now), e.g. the time a call was placed. */
  at?: string;
  /** Users to notify about this note (default: recipients() for the note kind; [] for nobody). */
  notify?: number[];
};

/**
 * A timeline row that changes no state (from_state = to_state = the current state): a hotline
 * call, a click-to-call outcome, an objection and its decision, a duplicate merged in.
 * The kind must be one of NOTE_NAMES (lifecycle.ts), so every row has a Chinese label.
 * Throws NotFound if the case does not exist. Publishes the "case" bus event after commit.
 */
export function appendNote(db: Db, actor: Actor, input: NoteInput): { eventId: number; row: CaseRow } {
  if (!Object.hasOwn(NOTE_NAMES, input.kind)) throw new Error(`appendNote(): unknown note kind "${input.kind}"`);
  return tx(db, () => {
    const row = loadCase(db, input.caseId);
    const eventId = writeEvent(db, {
      caseId: row.id,
      at: input.at ?? new Date().toISOString(),
      action: input.kind,
      from: row.state,
      to: row.state,
      ...eventActor(actor),
      note: input.note ?? null,
      data: input.data ?? null,
    });
    const text = `案件 ${row.no}：${eventName(input.kind)}${input.note ? `（${input.note.slice(0, 40)}）` : ""}`;
    const who = input.notify ?? recipients(db, row, input.kind, actor);
    announce(
      db,
      row,
      { action: input.kind, from: row.state, to: row.state },
      who.length ? { userIds: who, kind: input.kind, text } : null,
    );
    return { eventId, row };
  });
}

/** A new case's row, as createCase() (verbs/report.ts) has validated and resolved it. */
export type NewCase = {
  no: string;
  source: Source;
  channel?: Channel | null;
  categoryId: number | null;
  urgency: Urgency;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  townId: number | null;
  communityId: number | null;
  componentId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  due: string | null;
  warn: string | null;
};

/**
 * The case row in state "reported" and its first timeline row ("report"), in the caller's
 * transaction. The caller (createCase) notifies and publishes through announce().
 */
export function openCase(
  db: Db,
  actor: Actor,
  c: NewCase,
  event: { at: string; note: string; data: Record<string, unknown> },
): { id: number; eventId: number } {
  const at = event.at;
  const who = eventActor(actor);
  const { id } = db.sqlite
    .query(
      `INSERT INTO cases (no, source, state, category_id, urgency, description, address, lng, lat, grid_id, town_id, community_id, component_id,
         reporter_name, reporter_phone, reported_by, stage_started_at, due_at, warn_at, created_at, updated_at, channel)
       VALUES (?, ?, 'reported', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      c.no,
      c.source,
      c.categoryId,
      c.urgency,
      c.description,
      c.address,
      c.lng,
      c.lat,
      c.gridId,
      c.townId,
      c.communityId,
      c.componentId,
      c.reporterName,
      c.reporterPhone,
      who.userId,
      at,
      c.due,
      c.warn,
      at,
      at,
      c.channel ?? null,
    ) as { id: number };
  const eventId = writeEvent(db, {
    caseId: id,
    at,
    action: "report",
    from: null,
    to: "reported",
    ...who,
    note: event.note,
    data: event.data,
  });
  return { id, eventId };
}

/** A case that already went (part of) its way, as the demo generator and test fixtures build it. */
export type HistoricalCase = {
  no: string;
  source?: Source | string;
  state: CaseState | string;
  category_id?: number | null;
  urgency?: Urgency;
  description: string;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  grid_id?: number | null;
  town_id?: number | null;
  community_id?: number | null;
  reported_by?: number | null;
  department_id?: number | null;
  inspector_id?: number | null;
  rework_count?: number;
  return_count?: number;
  overdue_ever?: number;
  due_at?: string | null;
  created_at: string;
  filed_at?: string | null;
  dispatched_at?: string | null;
  completed_at?: string | null;
  closed_at?: string | null;
  /** Default: created_at. */
  updated_at?: string;
};
export type HistoricalEvent = Omit<EventRow, "caseId" | "from" | "to"> & { from: string | null; to: string };

/**
 * The bulk door for history: writes cases and timeline rows exactly as given, with no policy
 * check, no clock, no notifications and no bus events, for a past that already happened (the
 * demo county's three months, evaluation and map test fixtures). Statements are prepared once,
 * so a million cases load in one pass; the caller brackets the calls in tx() chunks.
 * Never use it for live work: new cases go through createCase(), changes through transition().
 */
export function importHistory(db: Db) {
  const insCase = db.sqlite.query(
    `INSERT INTO cases (no, source, state, category_id, urgency, description, address, lng, lat, grid_id, town_id, community_id, reported_by,
       department_id, inspector_id, rework_count, return_count, overdue_ever, due_at, created_at, filed_at, dispatched_at, completed_at, closed_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  return {
    addCase(c: HistoricalCase): number {
      return (
        insCase.get(
          c.no,
          c.source ?? "inspector",
          c.state,
          c.category_id ?? null,
          c.urgency ?? "normal",
          c.description,
          c.address ?? null,
          c.lng ?? null,
          c.lat ?? null,
          c.grid_id ?? null,
          c.town_id ?? null,
          c.community_id ?? null,
          c.reported_by ?? null,
          c.department_id ?? null,
          c.inspector_id ?? null,
          c.rework_count ?? 0,
          c.return_count ?? 0,
          c.overdue_ever ?? 0,
          c.due_at ?? null,
          c.created_at,
          c.filed_at ?? null,
          c.dispatched_at ?? null,
          c.completed_at ?? null,
          c.closed_at ?? null,
          c.updated_at ?? c.created_at,
        ) as { id: number }
      ).id;
    },
    addEvent(caseId: number, e: HistoricalEvent): number {
      return writeEvent(db, { ...e, caseId, from: e.from as CaseState | null, to: e.to as CaseState }, false);
    },
  };
}

/** The case row, or 404 (case.not_found). */
export function loadCase(db: Db, id: number): CaseRow {
  const row = db.sqlite.query<CaseRow, [number]>("SELECT * FROM cases WHERE id = ?").get(id);
  if (!row) throw NotFound("案件", "case.not_found");
  return row;
}
