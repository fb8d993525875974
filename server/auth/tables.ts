// Drizzle schema of the auth module's tables (users, user_roles, sessions, login_attempts).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import type { Role } from "../core/context.ts";
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: integer().primaryKey(),
  username: text().notNull(),
  name: text().notNull(),
  password_hash: text().notNull(),
  department_id: integer(),
  phone: text(),
  active: integer().notNull().default(1),
  created_at: text().notNull(),
  updated_at: text().notNull(),
  password_changed_at: text(),
});

export const userRoles = sqliteTable(
  "user_roles",
  {
    user_id: integer().notNull(),
    role: text().$type<Role>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.user_id, t.role] })],
);

export const sessions = sqliteTable("sessions", {
  id: text().primaryKey(),
  user_id: integer().notNull(),
  created_at: text().notNull(),
  last_seen: text().notNull(),
  expires_at: text().notNull(),
  ip: text(),
  user_agent: text(),
});

export const loginAttempts = sqliteTable("login_attempts", {
  id: integer().primaryKey(),
  username: text().notNull(),
  ip: text().notNull(),
  ok: integer().notNull(),
  at: text().notNull(),
});
