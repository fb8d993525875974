// 12345 work-order channel: reads.
import type { SQLQueryBindings } from "bun:sqlite";
import { createHash } from "node:crypto";
import type { Db } from "../core/db.ts";

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export type ExchangeClient = {
  id: number;
  name: string;
  callbackUrl: string | null;
  active: number;
  createdAt: string;
};
export function clientByKey(db: Db, key: string): ExchangeClient | null {
  if (!key) return null;
  return db.sqlite
    .query<ExchangeClient, SQLQueryBindings[]>(
      `SELECT id, name, callback_url AS callbackUrl, active, created_at AS createdAt FROM exchange_clients WHERE key_hash = ? AND active = 1`,
    )
    .get(hashKey(key));
}
export function listClients(db: Db): ExchangeClient[] {
  return db.sqlite
    .query<ExchangeClient, SQLQueryBindings[]>(
      `SELECT id, name, callback_url AS callbackUrl, active, created_at AS createdAt FROM exchange_clients ORDER BY id`,
    )
    .all();
}

export type OrderRow = {
  id: number;
  clientId: number;
  orderNo: string;
  callerPhone: string | null;
  callerName: string | null;
  content: string;
  address: string | null;
  category: string | null;
  dueAt: string | null;
  status: string;
  reportId: number | null;
  caseId: number | null;
  receivedAt: string;
  updatedAt: string;
};
const ORDER = `SELECT id, client_id AS clientId, order_no AS orderNo, caller_phone AS callerPhone, caller_name AS callerName, content, address,
  category, due_at AS dueAt, status, report_id AS reportId, case_id AS caseId, received_at AS receivedAt, updated_at AS updatedAt FROM exchange_orders`;
export function orderByNo(db: Db, clientId: number, orderNo: string): OrderRow | null {
  return db.sqlite
    .query<OrderRow, SQLQueryBindings[]>(`${ORDER} WHERE client_id = ? AND order_no = ?`)
    .get(clientId, orderNo);
}
export function orderById(db: Db, id: number): OrderRow | null {
  return db.sqlite.query<OrderRow, SQLQueryBindings[]>(`${ORDER} WHERE id = ?`).get(id);
}
/** The 12345 order behind a case (its order number stays on the case this way). */
export function orderForCase(db: Db, caseId: number): OrderRow | null {
  return db.sqlite
    .query<OrderRow, SQLQueryBindings[]>(`${ORDER} WHERE case_id = ? ORDER BY id DESC LIMIT 1`)
    .get(caseId);
}
export function listOrders(db: Db, limit = 100): OrderRow[] {
  return db.sqlite.query<OrderRow, SQLQueryBindings[]>(`${ORDER} ORDER BY id DESC LIMIT ?`).all(limit);
}

export type OutboxRow = {
  id: number;
  orderId: number;
  orderNo: string;
  kind: "result" | "reject" | "extension";
  payload: string;
  createdAt: string;
  ackedAt: string | null;
  attempts: number;
};
export function pendingOutbox(db: Db, clientId: number, afterId = 0, limit = 100): OutboxRow[] {
  return db.sqlite
    .query<
      OutboxRow,
      SQLQueryBindings[]
    >(`SELECT m.id, m.order_id AS orderId, o.order_no AS orderNo, m.kind, m.payload, m.created_at AS createdAt, m.acked_at AS ackedAt, m.attempts
            FROM exchange_outbox m JOIN exchange_orders o ON o.id = m.order_id
            WHERE o.client_id = ? AND m.acked_at IS NULL AND m.id > ? ORDER BY m.id LIMIT ?`)
    .all(clientId, afterId, limit);
}

export const ORDER_STATUSES = ["received", "extension_requested", "result_sent", "rejected"] as const;

/** The orders page: newest first, by status and by text (order number, phone, content). */
export function findOrders(db: Db, f: { status?: string; q?: string; limit?: number } = {}): OrderRow[] {
  const where: string[] = [];
  const args: SQLQueryBindings[] = [];
  if (f.status && (ORDER_STATUSES as readonly string[]).includes(f.status)) {
    where.push("status = ?");
    args.push(f.status);
  }
  const q = f.q?.trim();
  if (q) {
    where.push("(order_no LIKE ? OR caller_phone LIKE ? OR content LIKE ?)");
    args.push(`%${q}%`, `%${q}%`, `%${q}%`);
  }
  return db.sqlite
    .query<OrderRow, SQLQueryBindings[]>(
      `${ORDER}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
    )
    .all(...args, f.limit ?? 200);
}

export type MessageRow = {
  id: number;
  kind: "result" | "reject" | "extension";
  payload: string;
  createdAt: string;
  ackedAt: string | null;
  attempts: number;
  lastError: string | null;
};
/** An order's outbound messages, oldest first (its message history). */
export function messagesOf(db: Db, orderId: number): MessageRow[] {
  return db.sqlite
    .query<MessageRow, SQLQueryBindings[]>(
      `SELECT id, kind, payload, created_at AS createdAt, acked_at AS ackedAt, attempts, last_error AS lastError
         FROM exchange_outbox WHERE order_id = ? ORDER BY id`,
    )
    .all(orderId);
}
