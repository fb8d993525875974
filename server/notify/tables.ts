// Drizzle schema of the notify module's tables (notifications).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const notifications = sqliteTable("notifications", {
  id: integer().primaryKey(),
  user_id: integer().notNull(),
  case_id: integer(),
  kind: text().notNull(),
  text: text().notNull(),
  created_at: text().notNull(),
  read_at: text(),
});
