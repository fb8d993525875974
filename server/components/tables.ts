// Drizzle schema of the components module's tables (components, component_changes).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const components = sqliteTable("components", {
  id: integer().primaryKey(),
  code: text().notNull(),
  category_id: integer().notNull(),
  name: text(),
  lng: real().notNull(),
  lat: real().notNull(),
  grid_id: integer(),
  owner_dept_id: integer(),
  maint_dept_id: integer(),
  status: text().notNull().default("normal"),
  address: text(),
  photos: text(),
  installed_on: text(),
  surveyed_on: text(),
  created_at: text().notNull(),
  updated_at: text().notNull(),
});

export const componentChanges = sqliteTable("component_changes", {
  id: integer().primaryKey(),
  component_id: integer().notNull(),
  at: text().notNull(),
  actor: text().notNull(),
  user_id: integer(),
  action: text().notNull(),
  before: text(),
  after: text(),
  batch_id: integer(),
});
