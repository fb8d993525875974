// Drizzle schema of the grid module's tables (regions, grids, resp_grids, resp_grid_inspectors, resp_grid_units, import_batches).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const regions = sqliteTable("regions", {
  id: integer().primaryKey(),
  code: text().notNull(),
  name: text().notNull(),
  level: text().notNull(),
  parent_id: integer(),
  geometry: text(),
  created_at: text().notNull(),
  updated_at: text().notNull(),
});

export const grids = sqliteTable("grids", {
  id: integer().primaryKey(),
  code: text().notNull(),
  name: text(),
  community_id: integer().notNull(),
  town_id: integer().notNull(),
  geometry: text().notNull(),
  min_lng: real().notNull(),
  min_lat: real().notNull(),
  max_lng: real().notNull(),
  max_lat: real().notNull(),
  area_m2: real(),
  created_at: text().notNull(),
  updated_at: text().notNull(),
});

export const respGrids = sqliteTable("resp_grids", {
  id: integer().primaryKey(),
  code: text().notNull(),
  name: text().notNull(),
  created_at: text().notNull(),
  updated_at: text().notNull(),
});

export const respGridInspectors = sqliteTable(
  "resp_grid_inspectors",
  {
    resp_grid_id: integer().notNull(),
    user_id: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.resp_grid_id, t.user_id] })],
);

export const respGridUnits = sqliteTable(
  "resp_grid_units",
  {
    resp_grid_id: integer().notNull(),
    grid_id: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.resp_grid_id, t.grid_id] })],
);

export const importBatches = sqliteTable("import_batches", {
  id: integer().primaryKey(),
  kind: text().notNull(),
  file_name: text(),
  status: text().notNull(),
  total: integer().notNull().default(0),
  imported: integer().notNull().default(0),
  rejected: integer().notNull().default(0),
  report: text(),
  started_at: text().notNull(),
  finished_at: text(),
  user_id: integer(),
});
