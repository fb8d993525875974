// Drizzle schema of the departments module's tables (departments, routing_rules).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export type DeptLevel = "county" | "town" | "unit";

export const departments = sqliteTable("departments", {
  id: integer().primaryKey(),
  code: text().notNull(),
  name: text().notNull(),
  level: text().$type<DeptLevel>().notNull(),
  parent_id: integer(),
  phone: text(),
  active: integer().notNull().default(1),
  created_at: text().notNull(),
  updated_at: text().notNull(),
});

export const routingRules = sqliteTable("routing_rules", {
  id: integer().primaryKey(),
  category_id: integer(),
  region_id: integer(),
  grid_id: integer(),
  department_id: integer().notNull(),
  note: text(),
  created_at: text().notNull(),
  updated_at: text().notNull(),
});
