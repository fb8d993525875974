// Outbound to the 12345 platform: result (回单), rejection (退单), extension request
// (延期申请). The cases module calls these for a case that came from a 12345 order;
// the platform polls GET /api/exchange/12345/outbox or receives a push (jobs/push-outbox.ts).
import type { SQLQueryBindings } from "bun:sqlite";
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { actorLabel } from "../../core/context.ts";
import { NotFound, Validation, Conflict } from "../../core/errors.ts";
import { orderById } from "../queries.ts";

export type OutboundKind = "result" | "reject" | "extension";
const STATUS: Record<OutboundKind, string> = {
  result: "result_sent",
  reject: "rejected",
  extension: "extension_requested",
};

export function queueOrderMessage(
  db: Db,
  actor: Actor,
  input: { orderId: number; kind: OutboundKind; text: string; photos?: string[]; extendTo?: string | null },
): number {
  const text = input.text.trim();
  if (!text) throw Validation("exchange.message_invalid", "请填写回复内容", { text: "请填写回复内容" });
  if (input.kind === "extension" && !input.extendTo)
    throw Validation("exchange.message_invalid", "请填写申请延期至的时间", { extendTo: "必填" });
  return tx(db, () => {
    const o = orderById(db, input.orderId);
    if (!o) throw NotFound("12345 工单");
    if (o.status === "result_sent" || o.status === "rejected")
      throw Conflict("exchange.order_final", "该工单已回单或退单");
    const now = nowIso();
    const payload = {
      orderNo: o.orderNo,
      kind: input.kind,
      text,
      photos: input.photos ?? [],
      extendTo: input.extendTo ?? null,
      caseId: o.caseId,
      by: actorLabel(actor),
      at: now,
    };
    const id = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        `INSERT INTO exchange_outbox (order_id, kind, payload, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
      )
      .get(o.id, input.kind, JSON.stringify(payload), now)!.id;
    db.sqlite
      .query(`UPDATE exchange_orders SET status = ?, updated_at = ? WHERE id = ?`)
      .run(STATUS[input.kind], now, o.id);
    return id;
  });
}

/** Keep the 12345 order number on the case: link an order to the report/case made from it. */
export function linkOrderToCase(
  db: Db,
  _actor: Actor,
  input: { orderId: number; reportId?: number | null; caseId?: number | null },
) {
  return tx(db, () => {
    const n = db.sqlite
      .query(
        `UPDATE exchange_orders SET report_id = coalesce(?, report_id), case_id = coalesce(?, case_id), updated_at = ? WHERE id = ?`,
      )
      .run(input.reportId ?? null, input.caseId ?? null, nowIso(), input.orderId).changes;
    if (!n) throw NotFound("12345 工单");
  });
}

/** The platform confirms it has taken an outbound message. */
export function ackOutbox(db: Db, actor: Actor, id: number): boolean {
  if (actor.kind !== "api" && actor.kind !== "system") throw Validation("exchange.ack", "无效请求");
  return tx(db, () => {
    const row = db.sqlite
      .query(
        `SELECT m.id FROM exchange_outbox m JOIN exchange_orders o ON o.id = m.order_id WHERE m.id = ? ${actor.kind === "api" ? "AND o.client_id = ?" : ""}`,
      )
      .get(...(actor.kind === "api" ? [id, actor.clientId] : [id]));
    if (!row) throw NotFound("消息");
    return (
      db.sqlite.query(`UPDATE exchange_outbox SET acked_at = coalesce(acked_at, ?) WHERE id = ?`).run(nowIso(), id)
        .changes > 0
    );
  });
}

/** 重发: put a message back in the outbox (the platform lost it): unacknowledged, attempts reset. */
export function resendMessage(db: Db, actor: Actor, messageId: number) {
  if (actor.kind !== "user") throw Validation("exchange.resend", "无效请求");
  return tx(db, () => {
    const n = db.sqlite
      .query("UPDATE exchange_outbox SET acked_at = NULL, attempts = 0, last_error = NULL WHERE id = ?")
      .run(messageId).changes;
    if (!n) throw NotFound("消息");
  });
}
