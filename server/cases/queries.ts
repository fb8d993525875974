// Reads about cases: filtered lists (workbench queues), the case page, duplicates.
import type { Db } from "../core/db.ts";
import type { Actor } from "../core/context.ts";
import { departmentTree } from "../departments/index.ts";
import { bigramQuery } from "../core/bigrams.ts";
import type { CaseRow } from "./model.ts";
import { and, asc, between, eq, getTableColumns, inArray, ne, desc, sql } from "drizzle-orm";
import { prepared } from "../core/prepared.ts";
import { cases, caseEvents, caseMedia, caseRequests } from "./tables.ts";
import { categoriesForPicker } from "../catalog/index.ts";
import { departments } from "../departments/tables.ts";
import { regions } from "../grid/tables.ts";
import { userRoles, users } from "../auth/tables.ts";
import { actionsFor, OPEN_STATES, CLOSED_STATES, sqlStates, type Transition } from "./lifecycle.ts";
import { allowed, whoOf } from "./transition.ts";

export type CaseFilter = {
  state?: string[];
  source?: string;
  categoryId?: number;
  townId?: number;
  departmentId?: number;
  departmentTree?: number[];
  inspectorId?: number;
  overdue?: boolean;
  rework?: boolean;
  pending?: string;
  q?: string;
  page?: number;
  perPage?: number;
  /** Keyset paging: only cases with a smaller id (the last id of the previous page). */
  before?: number;
  open?: boolean;
  /** A point but no unit grid: 位置待核实. */
  locationUnverified?: boolean;
};
export type CaseListRow = Pick<
  CaseRow,
  | "id"
  | "no"
  | "source"
  | "state"
  | "urgency"
  | "description"
  | "address"
  | "due_at"
  | "warn_at"
  | "suspended_remaining"
  | "pending"
  | "created_at"
  | "rework_count"
  | "warn_level"
> & {
  category_name: string | null;
  department_name: string | null;
  town_name: string | null;
};

/**
 * A text search as the driving table: the FTS index's matches, newest first (rowid DESC), joined to
 * cases by primary key — one index walk that stops at the page, no list of ids in between.
 * 3+ characters: the trigram index (exact substring). 1–2 characters: the bigram index.
 */
function searchFrom(q: string): { from: string; arg: string } {
  const [table, match] =
    [...q].length >= 3 ? ["cases_fts", `"${q.replaceAll('"', '""')}"`] : ["cases_bigram", bigramQuery(q)];
  return { from: `${table} s JOIN cases c ON c.id = s.rowid`, arg: match };
}

function where(f: CaseFilter, q: string): { sql: string; args: (string | number)[]; textOnly: boolean } {
  const w: string[] = [];
  const a: (string | number)[] = [];
  if (q) {
    w.push(`s.${[...q].length >= 3 ? "cases_fts" : "cases_bigram"} MATCH ?`);
    a.push(searchFrom(q).arg);
  }
  // Closed states hold nearly every case: their filter must not pick the state index (a walk of
  // ~1M entries and a sort); "+" keeps it off the index so the plan walks ids newest first.
  const states = [...(f.state ?? []), ...(f.open ? OPEN_STATES : [])];
  const openOnly = states.length > 0 && states.every((x) => !CLOSED.has(x));
  if (f.state?.length) {
    w.push(`${openOnly ? "" : "+"}c.state IN (${f.state.map(() => "?").join(",")})`);
    a.push(...f.state);
  }
  if (f.open) w.push(`c.state IN ${sqlStates(OPEN_STATES)}`);
  if (f.source) {
    w.push("c.source = ?");
    a.push(f.source);
  }
  if (f.categoryId) {
    w.push("c.category_id = ?");
    a.push(f.categoryId);
  }
  if (f.townId) {
    // A town holds ~6 % of all cases: walk ids and filter rather than sort every case of the town.
    w.push("+c.town_id = ?");
    a.push(f.townId);
  }
  if (f.departmentId) {
    w.push("c.department_id = ?");
    a.push(f.departmentId);
  }
  if (f.departmentTree) {
    w.push(`c.department_id IN (${f.departmentTree.map(() => "?").join(",") || "NULL"})`);
    a.push(...f.departmentTree);
  }
  if (f.inspectorId) {
    w.push("c.inspector_id = ?");
    a.push(f.inspectorId);
  }
  if (f.overdue) {
    w.push("c.due_at IS NOT NULL AND c.due_at <= ?");
    a.push(new Date().toISOString());
  }
  if (f.rework) w.push("c.rework_count > 0");
  if (f.locationUnverified) w.push("c.lng IS NOT NULL AND c.lat IS NOT NULL AND c.grid_id IS NULL");
  if (f.pending) {
    w.push("c.pending = ?");
    a.push(f.pending);
  }
  if (f.before) {
    w.push(q ? "s.rowid < ?" : "c.id < ?");
    a.push(f.before);
  }
  // Only the text match (and the keyset bound) — a count need not read cases rows at all.
  const textOnly = !!q && w.length === 1 + (f.before ? 1 : 0);
  return { sql: w.length ? "WHERE " + w.join(" AND ") : "", args: a, textOnly };
}

/** Counts stop here; the list shows "1万+" past it. */
export const SEARCH_COUNT_CAP = 10_000;
export const COUNT_CAP = SEARCH_COUNT_CAP;

const CLOSED = new Set<string>(CLOSED_STATES);
/**
 * Open cases are a small minority (a few thousand among a million closed), but ANALYZE only sees
 * the average per state and would scan the table. Filters on open states go through cases_state;
 * the few matches are then sorted (+c.id). Anything else walks ids newest first and stops at the page.
 */
function shape(f: CaseFilter): { from: string; order: string } {
  const q = f.q?.trim() ?? "";
  if (q) return { from: searchFrom(q).from, order: "s.rowid DESC" };
  const states = [...(f.state ?? []), ...(f.open ? OPEN_STATES : [])];
  const openOnly = states.length > 0 && states.every((x) => !CLOSED.has(x));
  const selective = openOnly || !!(f.pending || f.departmentId || f.departmentTree || f.inspectorId || f.overdue);
  return {
    from: `cases c ${openOnly ? "INDEXED BY cases_state" : ""}`,
    order: selective ? "+c.id DESC" : "c.id DESC",
  };
}

const LIST_COLUMNS = `c.id, c.no, c.source, c.state, c.urgency, c.description, c.address, c.due_at, c.warn_at, c.suspended_remaining, c.pending,
  c.created_at, c.rework_count, c.warn_level, cat.small_name AS category_name, d.name AS department_name, t.name AS town_name`;

/** The list and count statements for a filter (exported for the query-plan test). */
export function listSql(f: CaseFilter): { list: string; count: string; args: (string | number)[] } {
  const q = f.q?.trim() ?? "";
  const { from, order } = shape(f);
  const w = where(f, q);
  return {
    list: `SELECT ${LIST_COLUMNS}
       FROM ${from} LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN departments d ON d.id = c.department_id
       LEFT JOIN regions t ON t.id = c.town_id ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    count: `SELECT count(*) AS n FROM (SELECT 1 FROM ${w.textOnly ? from.split(" JOIN ")[0] : from} ${w.sql} LIMIT ${COUNT_CAP + 1})`,
    args: w.args,
  };
}

/** Only the number of matching cases (queue badges), capped at COUNT_CAP + 1 ("1万+"). */
export function countCases(db: Db, f: CaseFilter): number {
  const s = listSql(f);
  return db.sqlite.query<{ n: number }, (string | number)[]>(s.count).get(...s.args)!.n;
}

/**
 * One page of cases, newest first. `before` (an id) pages by keyset with no OFFSET; page numbers
 * stay for the pager, bounded by the capped count (at most COUNT_CAP rows skipped).
 */
export function listCases(
  db: Db,
  f: CaseFilter,
): { rows: CaseListRow[]; total: number; page: number; pages: number; next: number | null } {
  const s = listSql(f);
  const perPage = Math.min(Math.max(f.perPage ?? 20, 1), 100000);
  const total = db.sqlite.query<{ n: number }, (string | number)[]>(s.count).get(...s.args)!.n;
  const pages = Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / perPage));
  const page = f.before ? 1 : Math.min(Math.max(f.page ?? 1, 1), pages);
  const rows = db.sqlite.query<CaseListRow, (string | number)[]>(s.list).all(...s.args, perPage, (page - 1) * perPage);
  const next = rows.length === perPage ? rows[rows.length - 1]!.id : null;
  return { rows, total, page, pages, next };
}

export type CaseDetail = CaseRow & {
  category_name: string | null;
  category_code: string | null;
  category_edition: string | null;
  department_name: string | null;
  town_name: string | null;
  community_name: string | null;
  grid_code: string | null;
  inspector_name: string | null;
  merged_into_no: string | null;
  reported_by_name: string | null;
};

/** The case page's row. bun:sqlite directly: drizzle's per-column mapping of these 46 columns cost ~10 % of the page. */
export function caseDetail(db: Db, id: number): CaseDetail | null {
  return db.sqlite
    .query<CaseDetail, [number]>(
      `SELECT c.*, cat.small_name AS category_name, cat.code AS category_code, cat.edition AS category_edition, d.name AS department_name, t.name AS town_name, cm.name AS community_name,
              g.code AS grid_code, u.name AS inspector_name, m.no AS merged_into_no,
              (SELECT rb.name FROM users rb WHERE rb.id = c.reported_by) AS reported_by_name
       FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN departments d ON d.id = c.department_id
       LEFT JOIN regions t ON t.id = c.town_id LEFT JOIN regions cm ON cm.id = c.community_id LEFT JOIN grids g ON g.id = c.grid_id
       LEFT JOIN users u ON u.id = c.inspector_id LEFT JOIN cases m ON m.id = c.merged_into WHERE c.id = ?`,
    )
    .get(id);
}

const idByNo = prepared((orm) =>
  orm
    .select({ id: cases.id })
    .from(cases)
    .where(eq(cases.no, sql.placeholder("no")))
    .prepare(),
);
export const caseIdByNo = (db: Db, no: string) => idByNo(db).get({ no })?.id ?? null;

const { case_id: _caseId, user_id: _userId, ...eventColumns } = getTableColumns(caseEvents);
const eventsOf = prepared((orm) =>
  orm
    .select(eventColumns)
    .from(caseEvents)
    .where(eq(caseEvents.case_id, sql.placeholder("caseId")))
    .orderBy(asc(caseEvents.id))
    .prepare(),
);
export type CaseEventRow = ReturnType<ReturnType<typeof eventsOf>["all"]>[number];
export function timeline(db: Db, caseId: number): CaseEventRow[] {
  return eventsOf(db).all({ caseId });
}

const mediaColumns = {
  id: caseMedia.id,
  event_id: caseMedia.event_id,
  kind: caseMedia.kind,
  path: caseMedia.path,
  mime: caseMedia.mime,
  thumb_path: caseMedia.thumb_path,
  created_at: caseMedia.created_at,
};
const mediaOf = prepared((orm) =>
  orm
    .select(mediaColumns)
    .from(caseMedia)
    .where(eq(caseMedia.case_id, sql.placeholder("caseId")))
    .orderBy(asc(caseMedia.id))
    .prepare(),
);
export type MediaRow = ReturnType<ReturnType<typeof mediaOf>["all"]>[number];
export function media(db: Db, caseId: number): MediaRow[] {
  return mediaOf(db).all({ caseId });
}
const mediaRow = prepared((orm) =>
  orm
    .select()
    .from(caseMedia)
    .where(eq(caseMedia.id, sql.placeholder("id")))
    .prepare(),
);
export function mediaById(db: Db, id: number) {
  return mediaRow(db).get({ id }) ?? null;
}

const pendingOf = prepared((orm) =>
  orm
    .select({
      id: caseRequests.id,
      kind: caseRequests.kind,
      status: caseRequests.status,
      note: caseRequests.note,
      minutes: caseRequests.minutes,
      requested_at: caseRequests.requested_at,
      requester: users.name,
    })
    .from(caseRequests)
    .leftJoin(users, eq(users.id, caseRequests.requested_by))
    .where(and(eq(caseRequests.case_id, sql.placeholder("caseId")), eq(caseRequests.status, "pending")))
    .prepare(),
);
export type RequestRow = ReturnType<ReturnType<typeof pendingOf>["all"]>[number];
export function pendingRequests(db: Db, caseId: number): RequestRow[] {
  return pendingOf(db).all({ caseId });
}

export function availableActions(db: Db, actor: Actor, row: CaseRow): Transition[] {
  return actionsFor(row.state, whoOf(actor))
    .filter((t) => !t.roles.includes("system") && allowed(db, actor, row, t))
    .filter((t) => {
      const a = t.action;
      if (a.startsWith("approve_") || a.startsWith("deny_")) return row.pending === a.replace(/^(approve|deny)_/, "");
      if (a.startsWith("request_") && a !== "request_verify") return !row.pending;
      // 二级派遣 only where there is a sub-unit to pass the case to.
      if (a === "sub_dispatch") return !!row.department_id && subUnits(db, row.department_id).length > 0;
      return true;
    });
}

/** May this actor see the case? Handlers see their department tree; inspectors their tasks and reports. */
export function canView(db: Db, actor: Actor, row: CaseRow): boolean {
  if (actor.kind !== "user") return false;
  const r = actor.roles;
  if (r.some((x) => ["intake", "shift_lead", "dispatcher", "leader", "admin", "hotline"].includes(x))) return true;
  if (
    r.includes("handler") &&
    actor.departmentId &&
    row.department_id &&
    departmentTree(db, actor.departmentId).includes(row.department_id)
  )
    return true;
  if (r.includes("inspector") && (row.inspector_id === actor.userId || row.reported_by === actor.userId)) return true;
  return false;
}

const nearbyOf = prepared((orm) =>
  orm
    .select({
      id: cases.id,
      no: cases.no,
      state: cases.state,
      description: cases.description,
      address: cases.address,
      lng: sql<number>`${cases.lng}`,
      lat: sql<number>`${cases.lat}`,
      created_at: cases.created_at,
    })
    .from(cases)
    .where(
      and(
        eq(cases.category_id, sql.placeholder("categoryId")),
        inArray(cases.state, [...OPEN_STATES]),
        ne(cases.id, sql.placeholder("id")),
        between(cases.lat, sql.placeholder("latLo"), sql.placeholder("latHi")),
        between(cases.lng, sql.placeholder("lngLo"), sql.placeholder("lngHi")),
      ),
    )
    .orderBy(desc(cases.id))
    .limit(20)
    .prepare(),
);

/** Duplicate hint: open cases of the same category within radius metres. */
export function nearbyOpen(
  db: Db,
  c: { id?: number; categoryId: number | null; lng: number | null; lat: number | null },
  radiusM: number,
) {
  if (c.lng == null || c.lat == null || !c.categoryId) return [];
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.cos((c.lat * Math.PI) / 180));
  const rows = nearbyOf(db).all({
    categoryId: c.categoryId,
    id: c.id ?? 0,
    latLo: c.lat - dLat,
    latHi: c.lat + dLat,
    lngLo: c.lng - dLng,
    lngHi: c.lng + dLng,
  });
  return rows
    .map((r) => ({
      ...r,
      distance: Math.round(
        Math.hypot((r.lat - c.lat!) * 111_320, (r.lng - c.lng!) * 111_320 * Math.cos((c.lat! * Math.PI) / 180)),
      ),
    }))
    .filter((r) => r.distance <= radiusM)
    .sort((a, b) => a.distance - b.distance);
}

/** Every active class of the edition in force (server/catalog), never truncated. */
export const categoriesForSelect = (db: Db) => categoriesForPicker(db);

const activeInspectors = prepared((orm) =>
  orm
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.user_id, users.id), eq(userRoles.role, "inspector")))
    .where(eq(users.active, 1))
    .orderBy(users.name)
    .prepare(),
);
export const inspectors = (db: Db) => activeInspectors(db).all();

const unitsOf = prepared((orm) =>
  orm
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(
      and(
        eq(departments.parent_id, sql.placeholder("deptId")),
        eq(departments.level, "unit"),
        eq(departments.active, 1),
      ),
    )
    .orderBy(departments.code)
    .prepare(),
);
export const subUnits = (db: Db, deptId: number) => unitsOf(db).all({ deptId });

const allTowns = prepared((orm) =>
  orm
    .select({ id: regions.id, name: regions.name })
    .from(regions)
    .where(eq(regions.level, "town"))
    .orderBy(regions.code)
    .prepare(),
);
export const towns = (db: Db) => allTowns(db).all();
