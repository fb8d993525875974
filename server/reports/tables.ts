// Drizzle schema of the reports module's tables (reports).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import type { ReportKind } from "./data.ts";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const reports = sqliteTable("reports", {
  id: integer().primaryKey(),
  kind: text().$type<ReportKind>().notNull(),
  period_key: text().notNull(),
  period_from: text().notNull(),
  period_to: text().notNull(),
  title: text().notNull(),
  html_path: text().notNull(),
  pdf_path: text(),
  pdf_note: text(),
  generated_at: text().notNull(),
  generated_by: text().notNull(),
});
