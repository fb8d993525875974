// Inbound 12345 work order (工单) -> kept with its order number, and a report with
// source '12345' when the cases module is present. Idempotent by (client, order_no):
// the platform may resend; the second delivery returns the same record.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Forbidden, Validation, fieldErrors } from "../../core/errors.ts";
import { orderByNo, type OrderRow } from "../queries.ts";
import { createReportFromOrder } from "../../hotline/index.ts";
import { matchCategory } from "../../catalog/index.ts";

export const OrderInput = z.object({
  orderNo: z.string().trim().min(1, "缺少工单编号").max(64),
  callerPhone: z.string().trim().max(32).optional().nullable(),
  callerName: z.string().trim().max(64).optional().nullable(),
  content: z.string().trim().min(1, "缺少诉求内容").max(5000),
  address: z.string().trim().max(500).optional().nullable(),
  category: z.string().trim().max(64).optional().nullable(),
  dueAt: z.string().datetime({ offset: true }).optional().nullable(),
});

export function receiveOrder(db: Db, actor: Actor, raw: unknown): { order: OrderRow; created: boolean } {
  if (actor.kind !== "api") throw Forbidden();
  const r = OrderInput.safeParse(raw);
  if (!r.success) {
    throw Validation(
      "exchange.order_invalid",
      "工单内容不完整或格式错误",
      fieldErrors(r.error.issues, { fallback: "body" }),
    );
  }
  const v = r.data;
  return tx(db, () => {
    const existing = orderByNo(db, actor.clientId, v.orderNo);
    if (existing) return { order: existing, created: false };
    const now = nowIso();
    const id = db.sqlite
      .query<
        { id: number },
        SQLQueryBindings[]
      >(`INSERT INTO exchange_orders (client_id, order_no, caller_phone, caller_name, content, address, category, due_at, payload, received_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
      .get(
        actor.clientId,
        v.orderNo,
        v.callerPhone ?? null,
        v.callerName ?? null,
        v.content,
        v.address ?? null,
        v.category ?? null,
        v.dueAt ?? null,
        JSON.stringify(raw),
        now,
        now,
      )!.id;
    const reportId = createReportFromOrder(db, actor, {
      orderNo: v.orderNo,
      callerPhone: v.callerPhone ?? null,
      callerName: v.callerName ?? null,
      content: v.content,
      address: v.address ?? null,
      categoryId: v.category ? (matchCategory(db, v.category)?.id ?? null) : null,
    });
    if (reportId)
      db.sqlite.query(`UPDATE exchange_orders SET report_id = ?, case_id = ? WHERE id = ?`).run(reportId, reportId, id);
    return { order: orderByNo(db, actor.clientId, v.orderNo)!, created: true };
  });
}
