// Drizzle schema of the core module's tables (audit_log, job_runs, settings).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const auditLog = sqliteTable("audit_log", {
  id: integer().primaryKey(),
  at: text().notNull(),
  actor: text().notNull(),
  user_id: integer(),
  entity: text().notNull(),
  entity_id: text().notNull(),
  action: text().notNull(),
  before: text(),
  after: text(),
});

export const jobRuns = sqliteTable("job_runs", {
  id: integer().primaryKey(),
  job: text().notNull(),
  trigger: text().notNull(),
  started_at: text().notNull(),
  finished_at: text(),
  status: text().notNull(),
  message: text(),
  actor: text(),
});

export const settings = sqliteTable("settings", {
  key: text().primaryKey(),
  value: text().notNull(),
  updated_at: text().notNull(),
  updated_by: integer(),
});
