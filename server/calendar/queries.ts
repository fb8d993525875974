// Reads of the working calendar for the admin page.
import { like, sql } from "drizzle-orm";
import type { Db } from "../core/db.ts";
import { prepared } from "../core/prepared.ts";
import { calendarDays } from "./tables.ts";

const q = prepared((orm) => ({
  years: orm
    .selectDistinct({ y: sql<string>`substr(${calendarDays.day}, 1, 4)` })
    .from(calendarDays)
    .prepare(),
  days: orm
    .select()
    .from(calendarDays)
    .where(like(calendarDays.day, sql.placeholder("pattern")))
    .orderBy(calendarDays.day)
    .prepare(),
}));

/** Years ("2026") that have special days recorded. */
export const calendarYears = (db: Db): string[] =>
  q(db)
    .years.all()
    .map((r) => r.y);
/** Holidays and make-up workdays of one year, in date order. */
export const calendarDaysOf = (db: Db, year: string) => q(db).days.all({ pattern: `${year}-%` });
