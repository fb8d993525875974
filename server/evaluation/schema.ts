// Drizzle schema of the evaluation module's tables (eval_objections, case_facts, case_facts_mark).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const evalObjections = sqliteTable("eval_objections", {
  id: integer().primaryKey(),
  case_id: integer().notNull(),
  department_id: integer().notNull(),
  indicator: text().notNull(),
  reason: text().notNull(),
  status: text().notNull(),
  filed_by: integer(),
  filed_at: text().notNull(),
  decided_by: integer(),
  decided_at: text(),
  decision_note: text(),
});

export const caseFacts = sqliteTable("case_facts", {
  case_id: integer().primaryKey(),
  created_at: text().notNull(),
  last_at: text().notNull(),
  open: integer().notNull(),
  fact: text().notNull(),
});

export const caseFactsMark = sqliteTable("case_facts_mark", {
  id: integer().primaryKey(),
  event_id: integer().notNull(),
});

export const evalPublished = sqliteTable("eval_published", {
  id: integer().primaryKey(),
  period_kind: text().notNull(),
  period_key: text().notNull(),
  period_from: text().notNull(),
  period_to: text().notNull(),
  snapshot: text().notNull(),
  published_by: integer(),
  published_at: text().notNull(),
});
