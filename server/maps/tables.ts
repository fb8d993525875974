// Drizzle schema of the maps module's tables (map_layer_versions).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const mapLayerVersions = sqliteTable("map_layer_versions", {
  layer: text().primaryKey(),
  version: integer().notNull().default(0),
});
