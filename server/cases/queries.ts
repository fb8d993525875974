// Reads about cases: filtered lists (workbench queues), the case page, duplicates.
import type { Db } from "../core/db.ts";
import type { Actor } from "../core/context.ts";
import { departmentTree } from "../departments/index.ts";
import { bigramQuery } from "../core/bigrams.ts";
import type { CaseRow } from "./model.ts";
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
  open?: boolean;
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
 * The newest cases matching a text search, at most SEARCH_COUNT_CAP of them, newest first.
 * 3+ characters: the trigram index (exact substring). 1–2 characters: the bigram index.
 * Resolved once up front so the list and the count never materialise a million-row match.
 */
function searchIds(db: Db, q: string): number[] {
  const [table, match] =
    [...q].length >= 3 ? ["cases_fts", `"${q.replaceAll('"', '""')}"`] : ["cases_bigram", bigramQuery(q)];
  return (
    db.sqlite
      .query(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ${SEARCH_COUNT_CAP}`)
      .all(match) as { id: number }[]
  ).map((r) => r.id);
}

function where(db: Db, f: CaseFilter): { sql: string; args: (string | number)[] } {
  const w: string[] = [];
  const a: (string | number)[] = [];
  if (f.state?.length) {
    w.push(`c.state IN (${f.state.map(() => "?").join(",")})`);
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
    w.push("c.town_id = ?");
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
  if (f.pending) {
    w.push("c.pending = ?");
    a.push(f.pending);
  }
  const q = f.q?.trim();
  if (q) {
    w.push("c.id IN (SELECT value FROM json_each(?))");
    a.push(JSON.stringify(searchIds(db, q)));
  }
  return { sql: w.length ? "WHERE " + w.join(" AND ") : "", args: a };
}

export const SEARCH_COUNT_CAP = 10_000;

const CLOSED = new Set<string>(CLOSED_STATES);
/**
 * Open cases are a small minority (a few thousand among a million closed), but ANALYZE only sees
 * the average per state and would scan the table. Filters on open states go through cases_state.
 */
function stateHint(f: CaseFilter): string {
  const openOnly = f.open || (f.state?.length && f.state.every((x) => !CLOSED.has(x)));
  return openOnly && !f.q?.trim() ? "INDEXED BY cases_state" : "";
}

/** Only the number of matching cases (queue badges). */
export function countCases(db: Db, f: CaseFilter): number {
  const { sql, args } = where(db, f);
  return (db.sqlite.query(`SELECT count(*) AS n FROM cases c ${stateHint(f)} ${sql}`).get(...args) as { n: number }).n;
}

export function listCases(db: Db, f: CaseFilter): { rows: CaseListRow[]; total: number; page: number; pages: number } {
  const { sql, args } = where(db, f);
  // With a selective filter, sort the few matches (+c.id) rather than walking a million rows by id
  // hoping to meet them; without one, walk by id (newest first) and stop at the page.
  const selective = !!(
    f.state?.length ||
    f.open ||
    f.pending ||
    f.departmentId ||
    f.departmentTree ||
    f.inspectorId ||
    f.overdue ||
    f.q?.trim()
  );
  const perPage = Math.min(Math.max(f.perPage ?? 20, 1), 100000);
  // A text search is already capped at SEARCH_COUNT_CAP matches (searchIds).
  const total = (
    db.sqlite.query(`SELECT count(*) AS n FROM cases c ${stateHint(f)} ${sql}`).get(...args) as { n: number }
  ).n;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(f.page ?? 1, 1), pages);
  const rows = db.sqlite
    .query(
      `SELECT c.id, c.no, c.source, c.state, c.urgency, c.description, c.address, c.due_at, c.warn_at, c.suspended_remaining, c.pending,
              c.created_at, c.rework_count, c.warn_level, cat.small_name AS category_name, d.name AS department_name, t.name AS town_name
       FROM cases c ${stateHint(f)} LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN departments d ON d.id = c.department_id
       LEFT JOIN regions t ON t.id = c.town_id ${sql} ORDER BY ${selective ? "+c.id" : "c.id"} DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, perPage, (page - 1) * perPage) as CaseListRow[];
  return { rows, total, page, pages };
}

export type CaseDetail = CaseRow & {
  category_name: string | null;
  category_code: string | null;
  department_name: string | null;
  town_name: string | null;
  community_name: string | null;
  grid_code: string | null;
  inspector_name: string | null;
  merged_into_no: string | null;
};
export type CaseEventRow = {
  id: number;
  at: string;
  action: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  note: string | null;
  data: string | null;
};
export type MediaRow = {
  id: number;
  event_id: number | null;
  kind: "before" | "after" | "check" | "other";
  path: string;
  mime: string;
  thumb_path: string | null;
  created_at: string;
};
export type RequestRow = {
  id: number;
  kind: string;
  status: string;
  note: string | null;
  minutes: number | null;
  requested_at: string;
  requester: string | null;
};

export function caseDetail(db: Db, id: number): CaseDetail | null {
  return db.sqlite
    .query(
      `SELECT c.*, cat.small_name AS category_name, cat.code AS category_code, d.name AS department_name, t.name AS town_name, cm.name AS community_name,
              g.code AS grid_code, u.name AS inspector_name, m.no AS merged_into_no
       FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN departments d ON d.id = c.department_id
       LEFT JOIN regions t ON t.id = c.town_id LEFT JOIN regions cm ON cm.id = c.community_id LEFT JOIN grids g ON g.id = c.grid_id
       LEFT JOIN users u ON u.id = c.inspector_id LEFT JOIN cases m ON m.id = c.merged_into WHERE c.id = ?`,
    )
    .get(id) as CaseDetail | null;
}

export const caseIdByNo = (db: Db, no: string) =>
  (db.sqlite.query("SELECT id FROM cases WHERE no = ?").get(no) as { id: number } | null)?.id ?? null;

export function timeline(db: Db, caseId: number): CaseEventRow[] {
  return db.sqlite
    .query(
      "SELECT id, at, action, from_state, to_state, actor, note, data FROM case_events WHERE case_id = ? ORDER BY id",
    )
    .all(caseId) as CaseEventRow[];
}
export function media(db: Db, caseId: number): MediaRow[] {
  return db.sqlite
    .query(
      "SELECT id, event_id, kind, path, mime, thumb_path, created_at FROM case_media WHERE case_id = ? ORDER BY id",
    )
    .all(caseId) as MediaRow[];
}
export function mediaById(db: Db, id: number) {
  return db.sqlite.query("SELECT * FROM case_media WHERE id = ?").get(id) as (MediaRow & { case_id: number }) | null;
}
export function pendingRequests(db: Db, caseId: number): RequestRow[] {
  return db.sqlite
    .query(
      "SELECT r.id, r.kind, r.status, r.note, r.minutes, r.requested_at, u.name AS requester FROM case_requests r LEFT JOIN users u ON u.id = r.requested_by WHERE r.case_id = ? AND r.status = 'pending'",
    )
    .all(caseId) as RequestRow[];
}

/** The transitions this actor may take on this case now (role and scope checked). */
export function availableActions(db: Db, actor: Actor, row: CaseRow): Transition[] {
  return actionsFor(row.state, whoOf(actor))
    .filter((t) => !t.roles.includes("system") && allowed(db, actor, row, t))
    .filter((t) => {
      const a = t.action;
      if (a.startsWith("approve_") || a.startsWith("deny_")) return row.pending === a.replace(/^(approve|deny)_/, "");
      if (a.startsWith("request_") && a !== "request_verify") return !row.pending;
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

/** Duplicate hint: open cases of the same category within radius metres. */
export function nearbyOpen(
  db: Db,
  c: { id?: number; categoryId: number | null; lng: number | null; lat: number | null },
  radiusM: number,
) {
  if (c.lng == null || c.lat == null || !c.categoryId) return [];
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.cos((c.lat * Math.PI) / 180));
  const rows = db.sqlite
    .query(
      `SELECT id, no, state, description, address, lng, lat, created_at FROM cases
       WHERE category_id = ? AND state IN ${sqlStates(OPEN_STATES)} AND id != ?
         AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ? ORDER BY id DESC LIMIT 20`,
    )
    .all(c.categoryId, c.id ?? 0, c.lat - dLat, c.lat + dLat, c.lng - dLng, c.lng + dLng) as {
    id: number;
    no: string;
    state: string;
    description: string;
    address: string | null;
    lng: number;
    lat: number;
    created_at: string;
  }[];
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

export function categoriesForSelect(db: Db) {
  return db.sqlite
    .query("SELECT id, code, big_name, small_name FROM categories WHERE active = 1 ORDER BY kind, code LIMIT 500")
    .all() as { id: number; code: string; big_name: string; small_name: string }[];
}
export function inspectors(db: Db) {
  return db.sqlite
    .query(
      "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'inspector' WHERE u.active = 1 ORDER BY u.name",
    )
    .all() as { id: number; name: string }[];
}
export function subUnits(db: Db, deptId: number) {
  return db.sqlite
    .query("SELECT id, name FROM departments WHERE parent_id = ? AND level = 'unit' AND active = 1 ORDER BY code")
    .all(deptId) as { id: number; name: string }[];
}
export function towns(db: Db) {
  return db.sqlite.query("SELECT id, name FROM regions WHERE level = 'town' ORDER BY code").all() as {
    id: number;
    name: string;
  }[];
}
