// The 12345 round trip closes by itself: a bus subscriber (declared in the module's `start`)
// turns the steps of a case that came from a 12345 order into outbound messages, after commit:
//   结案 (close)                       → 回单 (result) with the disposal note and the after-photos
//   不予立案 (reject) / 批准作废        → 退单 (reject) with the reason
//   批准延期 (approve_extend)           → 延期申请 (extension) with the new deadline
// The cases module knows nothing of this; it only publishes its "case" events.
import type { Db } from "../core/db.ts";
import type { Bus } from "../core/bus.ts";
import { systemActor } from "../core/context.ts";
import { loadCase, media, timeline } from "../cases/index.ts";
import { orderForCase } from "./queries.ts";
import { queueOrderMessage, type OutboundKind } from "./verbs/queue-message.ts";

export const API = "/api/exchange/12345";

type CaseBusEvent = { caseId: number; action: string };

/** The photo URL the platform fetches with its key. */
export const photoUrl = (orderNo: string, mediaId: number) =>
  `${API}/orders/${encodeURIComponent(orderNo)}/photos/${mediaId}`;

/** The outbound message a case step means for its 12345 order, or null. */
export function replyFor(
  db: Db,
  caseId: number,
  action: string,
): { kind: OutboundKind; text: string; photos?: string[]; extendTo?: string | null } | null {
  const kind: OutboundKind | null =
    action === "close"
      ? "result"
      : action === "reject" || action === "approve_cancel"
        ? "reject"
        : action === "approve_extend"
          ? "extension"
          : null;
  if (!kind) return null;
  const order = orderForCase(db, caseId);
  if (!order || order.status === "result_sent" || order.status === "rejected") return null;
  const evs = timeline(db, caseId);
  const last = (a: string) => [...evs].reverse().find((e) => e.action === a);
  if (kind === "result") {
    const done = last("complete");
    return {
      kind,
      text: done?.note?.trim() || "问题已处置完毕，经核查通过后结案。",
      photos: media(db, caseId)
        .filter((m) => m.kind === "after")
        .map((m) => photoUrl(order.orderNo, m.id)),
    };
  }
  if (kind === "reject") {
    const why =
      action === "reject" ? last("reject")?.note : (last("approve_cancel")?.note ?? last("request_cancel")?.note);
    return { kind, text: why?.trim() || (action === "reject" ? "经核实不予立案。" : "该案件已作废。") };
  }
  const asked = last("request_extend")?.note?.trim();
  const due = loadCase(db, caseId).due_at;
  return { kind, text: asked || "处置需要更多时间，申请延期。", extendTo: due };
}

/** Queue the order's message for this case step, if any. Returns the outbox id or null. */
export function replyToOrder(db: Db, e: CaseBusEvent): number | null {
  const r = replyFor(db, e.caseId, e.action);
  if (!r) return null;
  const order = orderForCase(db, e.caseId)!;
  return queueOrderMessage(db, systemActor("exchange"), { orderId: order.id, ...r });
}

/** The module's `start`: answer 12345 orders as their cases move. */
export function followCases(db: Db, bus: Bus) {
  bus.subscribe((ev) => {
    if (ev.topic !== "case") return;
    replyToOrder(db, ev.data as CaseBusEvent);
  });
}
