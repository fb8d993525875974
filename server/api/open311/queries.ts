// Reads behind the Open311 endpoints. The filters are built by the routes (validated there);
// the SQL and the row types live here.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../core/db.ts";
import { prepared } from "../../core/prepared.ts";
import type { caseEvents } from "../../cases/tables.ts";
import { publicReports } from "../../public/tables.ts";
import { cases } from "../../cases/tables.ts";

type Case = typeof cases.$inferSelect;
export type Row = Pick<
  Case,
  "id" | "no" | "state" | "description" | "address" | "lng" | "lat" | "created_at" | "updated_at" | "due_at"
> & { kind: string | null; code: string | null; small_name: string | null; dept: string | null; media: number | null };

const SELECT = `SELECT c.id, c.no, c.state, c.description, c.address, c.lng, c.lat, c.created_at, c.updated_at, c.due_at,
  cat.kind, cat.code, cat.small_name, d.name AS dept, (SELECT min(id) FROM public_media m WHERE m.case_id = c.id) AS media
  FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN departments d ON d.id = c.department_id`;

/** Service requests matching `where` (SQL conditions on `c`, with their arguments), newest first. */
export function requestRows(db: Db, where: string[], args: (string | number)[], limit: number, offset: number): Row[] {
  return db.sqlite
    .query<Row, (string | number)[]>(
      `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, limit, offset);
}

export type UpdateRow = Pick<typeof caseEvents.$inferSelect, "id" | "at" | "action"> & {
  to_state: Case["state"];
  no: string;
  media: number | null;
};

/**
 * Timeline steps of public cases in a window. With `after` (an event id): the `limit` steps after
 * it, oldest first. Without: the newest `limit` (skipping `offset` newer ones), returned oldest first.
 */
export function updateRows(
  db: Db,
  f: {
    start: string;
    end: string | null;
    actions: string[];
    published: { sql: string; args: string[] };
    limit: number;
    after: number | null;
    offset: number;
  },
): UpdateRow[] {
  const marks = (xs: unknown[]) => xs.map(() => "?").join(",");
  const where = [`e.action IN (${marks(f.actions)})`, f.published.sql];
  const args: (string | number)[] = [...f.actions, ...f.published.args];
  if (f.start) where.push("e.at >= ?"), args.push(f.start);
  if (f.end) where.push("e.at <= ?"), args.push(f.end);
  if (f.after !== null) where.push("e.id > ?"), args.push(f.after);
  const rows = db.sqlite
    .query<UpdateRow, (string | number)[]>(
      `SELECT e.id, e.at, e.action, e.to_state, c.no, (SELECT min(id) FROM public_media m WHERE m.case_id = c.id) AS media
      FROM case_events e JOIN cases c ON c.id = e.case_id
      WHERE ${where.join(" AND ")} ORDER BY e.id ${f.after === null ? "DESC" : ""} LIMIT ? OFFSET ?`,
    )
    .all(...args, f.limit, f.offset);
  return f.after === null ? rows.reverse() : rows;
}

/** The case an Open311 service_request_id names. */
export const caseByNo = (db: Db, no: string) =>
  db.sqlite.query<{ id: number }, [string]>("SELECT id FROM cases WHERE no = ?").get(no);

/** The timeline note an earlier POST of the same client's update_id made (idempotent retries). */
export const updateByExternalId = (db: Db, caseId: number, clientId: number, updateId: string): number | null =>
  db.sqlite
    .query<{ id: number }, [number, number, string]>(
      `SELECT id FROM case_events WHERE case_id = ? AND action = 'open311_update'
        AND json_extract(data, '$.client') = ? AND json_extract(data, '$.update_id') = ?`,
    )
    .get(caseId, clientId, updateId)?.id ?? null;

const noByToken = prepared((orm) =>
  orm
    .select({ no: cases.no })
    .from(publicReports)
    .innerJoin(cases, eq(cases.id, publicReports.case_id))
    .where(eq(publicReports.token, sql.placeholder("token")))
    .prepare(),
);
export const caseNoByToken = (db: Db, token: string) => noByToken(db).get({ token }) ?? null;
