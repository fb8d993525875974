// Drizzle schema of the field module's tables (attendance, field_submissions, patrols, patrol_points).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const attendance = sqliteTable("attendance", {
  id: integer().primaryKey(),
  user_id: integer().notNull(),
  day: text().notNull(),
  kind: text().notNull(),
  at: text().notNull(),
  lng: real(),
  lat: real(),
  accuracy: real(),
});

export const fieldSubmissions = sqliteTable("field_submissions", {
  client_id: text().primaryKey(),
  user_id: integer().notNull(),
  kind: text().$type<"report" | "verify" | "check">().notNull(),
  case_id: integer().notNull(),
  made_at: text(),
  received_at: text().notNull(),
});

export const patrols = sqliteTable("patrols", {
  id: integer().primaryKey(),
  user_id: integer().notNull(),
  day: text().notNull(),
  started_at: text().notNull(),
  ended_at: text(),
  points: integer().notNull().default(0),
  distance_m: real().notNull().default(0),
  last_lng: real(),
  last_lat: real(),
  last_at: text(),
});

export const patrolPoints = sqliteTable(
  "patrol_points",
  {
    patrol_id: integer().notNull(),
    at: text().notNull(),
    lng: real().notNull(),
    lat: real().notNull(),
    accuracy: real(),
    grid_id: integer(),
  },
  (t) => [primaryKey({ columns: [t.patrol_id, t.at] })],
);
