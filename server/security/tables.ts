// Drizzle schema of the security module's tables (security_log).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const securityLog = sqliteTable("security_log", {
  id: integer().primaryKey(),
  at: text().notNull(),
  kind: text().notNull(),
  outcome: text().notNull(),
  actor: text().notNull(),
  user_id: integer(),
  username: text(),
  ip: text(),
  entity: text(),
  entity_id: text(),
  before: text(),
  after: text(),
  detail: text(),
});
