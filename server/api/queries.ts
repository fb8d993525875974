// Reads of the upward API (/api/v1) and its admin page; typed rows, no casts.
import type { Db } from "../core/db.ts";
import type { upwardOutbox } from "./tables.ts";

export type ApiCaseRow = {
  no: string;
  source: string;
  state: string;
  kind: string | null;
  code: string | null;
  category_name: string | null;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  grid_code: string | null;
  department: string | null;
  due_at: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
};

const CASE_SQL = `SELECT c.no, c.source, c.state, cat.kind, cat.code, cat.small_name AS category_name, c.description, c.address, c.lng, c.lat,
  g.code AS grid_code, d.name AS department, c.due_at, c.created_at, c.updated_at, c.closed_at
  FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN grids g ON g.id = c.grid_id LEFT JOIN departments d ON d.id = c.department_id`;

/** A page of cases for the API, oldest first, optionally changed since an ISO time and in one state. */
export function apiCases(db: Db, f: { since?: string; state?: string; size: number; page: number }): ApiCaseRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.since) where.push("c.updated_at >= ?"), args.push(f.since);
  if (f.state) where.push("c.state = ?"), args.push(f.state);
  return db.sqlite
    .query<ApiCaseRow, (string | number)[]>(
      `${CASE_SQL} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY c.id LIMIT ? OFFSET ?`,
    )
    .all(...args, f.size, (f.page - 1) * f.size);
}

export const apiCaseByNo = (db: Db, no: string): ApiCaseRow | null =>
  db.sqlite.query<ApiCaseRow, [string]>(`${CASE_SQL} WHERE c.no = ?`).get(no);

export const caseIdByNo = (db: Db, no: string): number | null =>
  db.sqlite.query<{ id: number }, [string]>("SELECT id FROM cases WHERE no = ?").get(no)?.id ?? null;

export type ApiEventRow = {
  at: string;
  action: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  note: string | null;
};
export const apiCaseEvents = (db: Db, caseId: number): ApiEventRow[] =>
  db.sqlite
    .query<ApiEventRow, [number]>(
      "SELECT at, action, from_state, to_state, actor, note FROM case_events WHERE case_id = ? ORDER BY id",
    )
    .all(caseId);

export type ApiUpdateRow = {
  at: string;
  client: string;
  external_id: string | null;
  status: string | null;
  note: string | null;
};
export const apiCaseUpdates = (db: Db, caseId: number): ApiUpdateRow[] =>
  db.sqlite
    .query<ApiUpdateRow, [number]>(
      "SELECT u.at, a.name AS client, u.external_id, u.status, u.note FROM api_case_updates u JOIN api_clients a ON a.id = u.client_id WHERE u.case_id = ? ORDER BY u.id",
    )
    .all(caseId);

export type ApiGridRow = { code: string; name: string | null; geometry: string; town: string; community: string };
export const apiGrids = (db: Db): ApiGridRow[] =>
  db.sqlite
    .query<ApiGridRow, []>(
      "SELECT g.code, g.name, g.geometry, t.name AS town, m.name AS community FROM grids g JOIN regions t ON t.id = g.town_id JOIN regions m ON m.id = g.community_id ORDER BY g.code",
    )
    .all();

export type ApiComponentRow = {
  code: string;
  name: string | null;
  lng: number;
  lat: number;
  status: string;
  address: string | null;
  category: string;
};
export const apiComponentsIn = (db: Db, minLng: number, minLat: number, maxLng: number, maxLat: number) =>
  db.sqlite
    .query<ApiComponentRow, [number, number, number, number]>(
      "SELECT p.code, p.name, p.lng, p.lat, p.status, p.address, cat.small_name AS category FROM components p JOIN categories cat ON cat.id = p.category_id WHERE p.lng BETWEEN ? AND ? AND p.lat BETWEEN ? AND ? LIMIT 5000",
    )
    .all(minLng, maxLng, minLat, maxLat);

export const exportList = (db: Db) =>
  db.sqlite
    .query<{ day: string; cases: number; created_at: string }, []>(
      "SELECT day, cases, created_at FROM exchange_exports ORDER BY day DESC LIMIT 100",
    )
    .all();

export const exportPath = (db: Db, day: string): string | null =>
  db.sqlite.query<{ path: string }, [string]>("SELECT path FROM exchange_exports WHERE day = ?").get(day)?.path ?? null;

export type OutboxRow = Pick<
  typeof upwardOutbox.$inferSelect,
  "id" | "kind" | "ref" | "status" | "attempts" | "next_at" | "last_error"
>;
export const recentOutbox = (db: Db): OutboxRow[] =>
  db.sqlite
    .query<OutboxRow, []>(
      "SELECT id, kind, ref, status, attempts, next_at, last_error FROM upward_outbox ORDER BY id DESC LIMIT 50",
    )
    .all();
