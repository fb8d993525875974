// Drizzle schema of the exchange module's tables (exchange_clients, exchange_orders, exchange_outbox).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const exchangeClients = sqliteTable("exchange_clients", {
  id: integer().primaryKey(),
  name: text().notNull(),
  key_hash: text().notNull(),
  callback_url: text(),
  active: integer().notNull().default(1),
  created_at: text().notNull(),
});

export const exchangeOrders = sqliteTable("exchange_orders", {
  id: integer().primaryKey(),
  client_id: integer().notNull(),
  order_no: text().notNull(),
  caller_phone: text(),
  caller_name: text(),
  content: text().notNull(),
  address: text(),
  category: text(),
  due_at: text(),
  payload: text().notNull(),
  status: text().notNull().default("received"),
  report_id: integer(),
  case_id: integer(),
  received_at: text().notNull(),
  updated_at: text().notNull(),
});

export const exchangeOutbox = sqliteTable("exchange_outbox", {
  id: integer().primaryKey(),
  order_id: integer().notNull(),
  kind: text().notNull(),
  payload: text().notNull(),
  created_at: text().notNull(),
  acked_at: text(),
  attempts: integer().notNull().default(0),
  last_error: text(),
});
