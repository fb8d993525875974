// Drizzle schema of the calendar module's tables (calendar_days).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { sqliteTable, text } from "drizzle-orm/sqlite-core";

export const calendarDays = sqliteTable("calendar_days", {
  day: text().primaryKey(),
  type: text().notNull(),
  name: text(),
});
