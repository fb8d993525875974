// Drizzle schema of the api module's tables (api_case_updates, api_clients, exchange_exports, upward_outbox).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const apiCaseUpdates = sqliteTable("api_case_updates", {
  id: integer().primaryKey(),
  case_id: integer().notNull(),
  client_id: integer().notNull(),
  external_id: text(),
  status: text(),
  note: text().notNull(),
  at: text().notNull(),
});

export const apiClients = sqliteTable("api_clients", {
  id: integer().primaryKey(),
  name: text().notNull(),
  key_prefix: text().notNull(),
  key_hash: text().notNull(),
  scopes: text().notNull(),
  active: integer().notNull().default(1),
  created_at: text().notNull(),
  created_by: integer(),
  last_used_at: text(),
});

export const exchangeExports = sqliteTable("exchange_exports", {
  day: text().primaryKey(),
  path: text().notNull(),
  cases: integer().notNull(),
  created_at: text().notNull(),
});

export const upwardOutbox = sqliteTable("upward_outbox", {
  id: integer().primaryKey(),
  kind: text().notNull(),
  ref: text(),
  payload: text().notNull(),
  status: text().notNull(),
  attempts: integer().notNull().default(0),
  next_at: text().notNull(),
  last_error: text(),
  created_at: text().notNull(),
  sent_at: text(),
});
