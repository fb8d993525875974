// Drizzle schema of the catalog module's tables (categories, category_limits).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import type { TimeMode, TimeUnit } from "../core/calendar.ts";
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export type Kind = "component" | "event";
export type Urgency = "normal" | "urgent" | "critical";
/** file = 立案, dispatch = 派遣, dispose = 处置, verify = 核实, check = 核查. */
export type Stage = "file" | "dispatch" | "dispose" | "verify" | "check";

export const categories = sqliteTable("categories", {
  id: integer().primaryKey(),
  edition: text().notNull(),
  kind: text().$type<Kind>().notNull(),
  big_code: text().notNull(),
  big_name: text().notNull(),
  small_code: text().notNull(),
  small_name: text().notNull(),
  code: text().notNull(),
  confidence: text(),
  dept_hint: text(),
  filing_standard: text(),
  closing_standard: text(),
  active: integer().notNull().default(1),
  updated_at: text().notNull(),
});

export const categoryLimits = sqliteTable(
  "category_limits",
  {
    category_id: integer().notNull(),
    urgency: text().$type<Urgency>().notNull(),
    stage: text().$type<Stage>().notNull(),
    amount: real().notNull(),
    unit: text().$type<TimeUnit>().notNull(),
    mode: text().$type<TimeMode>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.category_id, t.urgency, t.stage] })],
);

export type MapConfidence = "name" | "renamed" | "manual" | "none";
/** 2007 → 2026 mapping: one row per legacy class; to_id NULL = no counterpart known. */
export const categoryMap = sqliteTable("category_map", {
  from_id: integer().primaryKey(),
  to_id: integer(),
  confidence: text().$type<MapConfidence>().notNull(),
  note: text(),
  updated_at: text().notNull(),
});
