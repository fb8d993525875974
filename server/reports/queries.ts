// Reads of the report archive.
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../core/db.ts";
import { prepared } from "../core/prepared.ts";
import type { ReportKind } from "./data.ts";
import type { ReportRow } from "./generate.tsx";
import { reports } from "./tables.ts";

const newest = prepared((orm) => ({
  all: orm.select().from(reports).orderBy(desc(reports.period_from), reports.kind).limit(500).prepare(),
  ofKind: orm
    .select()
    .from(reports)
    .where(eq(reports.kind, sql.placeholder("kind")))
    .orderBy(desc(reports.period_from), reports.kind)
    .limit(500)
    .prepare(),
}));
/** The archive, newest period first; at most 500 reports. */
export function listReports(db: Db, kind: ReportKind | null): ReportRow[] {
  return kind ? newest(db).ofKind.all({ kind }) : newest(db).all.all();
}

const byId = prepared((orm) =>
  orm
    .select()
    .from(reports)
    .where(eq(reports.id, sql.placeholder("id")))
    .prepare(),
);
export const reportById = (db: Db, id: number): ReportRow | null => byId(db).get({ id }) ?? null;
