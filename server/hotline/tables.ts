// Drizzle schema of the hotline module's tables (hotline_agents, hotline_calls, hotline_originates).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const hotlineAgents = sqliteTable("hotline_agents", {
  user_id: integer().primaryKey(),
  interface: text(),
  extension: text(),
  state: text().notNull().default("free"),
  current_call_id: integer(),
  state_since: text().notNull(),
  updated_at: text().notNull(),
});

export const hotlineCalls = sqliteTable("hotline_calls", {
  id: integer().primaryKey(),
  uniqueid: text().notNull(),
  linkedid: text(),
  channel: text(),
  source: text().notNull(),
  caller_num: text(),
  caller_name: text(),
  queue: text(),
  status: text().notNull(),
  entered_at: text().notNull(),
  answered_at: text(),
  ended_at: text(),
  agent_interface: text(),
  agent_member: text(),
  agent_user_id: integer(),
  wait_seconds: integer(),
  talk_seconds: integer(),
  ring_seconds: integer(),
  hung_up_by: text(),
  abandoned: integer().notNull().default(0),
  recording_file: text(),
  end_reason: text(),
  wrapup_code: text(),
  wrapup_note: text(),
  wrapup_at: text(),
  wrapup_by: integer(),
  report_id: integer(),
  case_id: integer(),
  callback_due_at: text(),
  callback_at: text(),
  created_at: text().notNull(),
  updated_at: text().notNull(),
});

export const hotlineOriginates = sqliteTable("hotline_originates", {
  id: integer().primaryKey(),
  action_id: text(),
  user_id: integer(),
  number: text().notNull(),
  purpose: text().notNull(),
  call_id: integer(),
  case_id: integer(),
  ok: integer().notNull(),
  reason: integer(),
  reason_text: text(),
  message: text(),
  uniqueid: text(),
  at: text().notNull(),
});
