// Drizzle schema of the cases module's tables (cases, case_events, case_media, case_requests, case_counters).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import type { CaseState, Channel, Source, Urgency } from "./lifecycle.ts";
import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const cases = sqliteTable("cases", {
  id: integer().primaryKey(),
  no: text().notNull(),
  source: text().$type<Source>().notNull(),
  state: text().$type<CaseState>().notNull(),
  category_id: integer(),
  urgency: text().$type<Urgency>().notNull().default("normal"),
  description: text().notNull(),
  address: text(),
  lng: real(),
  lat: real(),
  grid_id: integer(),
  town_id: integer(),
  community_id: integer(),
  component_id: integer(),
  reporter_name: text(),
  reporter_phone: text(),
  reported_by: integer(),
  department_id: integer(),
  inspector_id: integer(),
  merged_into: integer(),
  pending: text(),
  stage_started_at: text(),
  due_at: text(),
  warn_at: text(),
  warn_level: integer().notNull().default(0),
  suspended_remaining: real(),
  rework_count: integer().notNull().default(0),
  return_count: integer().notNull().default(0),
  urge_count: integer().notNull().default(0),
  extend_count: integer().notNull().default(0),
  overdue_ever: integer().notNull().default(0),
  created_at: text().notNull(),
  filed_at: text(),
  dispatched_at: text(),
  completed_at: text(),
  closed_at: text(),
  updated_at: text().notNull(),
  /** Finer than source: '12345' | 'portal' | 'open311' | null (0110_case_channel.sql). */
  channel: text().$type<Channel>(),
});

export const caseEvents = sqliteTable("case_events", {
  id: integer().primaryKey(),
  case_id: integer().notNull(),
  at: text().notNull(),
  action: text().notNull(),
  from_state: text(),
  to_state: text().notNull(),
  actor: text().notNull(),
  user_id: integer(),
  note: text(),
  data: text(),
});

export const caseMedia = sqliteTable("case_media", {
  id: integer().primaryKey(),
  case_id: integer().notNull(),
  event_id: integer(),
  kind: text().$type<"before" | "after" | "check" | "other">().notNull(),
  path: text().notNull(),
  mime: text().notNull(),
  size: integer().notNull(),
  thumb_path: text(),
  created_at: text().notNull(),
  uploaded_by: integer(),
});

export const caseRequests = sqliteTable("case_requests", {
  id: integer().primaryKey(),
  case_id: integer().notNull(),
  kind: text().notNull(),
  status: text().notNull(),
  note: text(),
  minutes: real(),
  requested_by: integer(),
  requested_at: text().notNull(),
  decided_by: integer(),
  decided_at: text(),
  decision_note: text(),
});

export const caseCounters = sqliteTable("case_counters", {
  day: text().primaryKey(),
  n: integer().notNull(),
});
