// Record a click-to-call outcome (回访 / chasing a department). The case timeline
// gets it through cases-link once the cases module is merged.
import type { SQLQueryBindings } from "bun:sqlite";
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import type { OriginateResult } from "../../../telephony/index.ts";
import { recordCallOnCaseTimeline } from "../cases-link.ts";

export type OriginateOutcome = {
  number: string;
  purpose: "callback" | "chase" | "other";
  callId?: number | null;
  caseId?: number | null;
  result: OriginateResult;
};

export const ORIGINATE_TEXT: Record<string, string> = {
  ok: "已接通",
  busy: "对方忙",
  no_answer: "无人接听",
  failed: "呼叫失败（线路或分机不可用）",
  hangup: "对方挂断",
  congestion: "线路拥塞",
  rejected: "交换机拒绝呼叫",
  timeout: "交换机无应答",
  not_connected: "未连接交换机",
  unknown: "未知原因",
};

export function recordOriginate(db: Db, actor: Actor, o: OriginateOutcome): number {
  return tx(db, () => {
    const now = nowIso();
    const r = o.result;
    const id = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        `INSERT INTO hotline_originates (action_id, user_id, number, purpose, call_id, case_id, ok, reason, reason_text, message, uniqueid, at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        r.actionId,
        actor.kind === "user" ? actor.userId : null,
        o.number,
        o.purpose,
        o.callId ?? null,
        o.caseId ?? null,
        r.ok ? 1 : 0,
        r.ok ? null : r.reason,
        r.ok ? "ok" : r.reasonText,
        r.ok ? null : r.message,
        r.ok ? r.uniqueid : null,
        now,
      )!.id;
    // A successful call-back of an abandoned call closes its call-back deadline.
    if (r.ok && o.callId)
      db.sqlite
        .query(
          `UPDATE hotline_calls SET callback_at = ?, updated_at = ? WHERE id = ? AND abandoned = 1 AND callback_at IS NULL`,
        )
        .run(now, now, o.callId);
    if (o.caseId) {
      const what = o.purpose === "callback" ? "回访" : o.purpose === "chase" ? "电话催办" : "外呼";
      recordCallOnCaseTimeline(
        db,
        actor,
        o.caseId,
        `${what} ${o.number}：${r.ok ? ORIGINATE_TEXT.ok : (ORIGINATE_TEXT[r.reasonText] ?? r.reasonText)}`,
        now,
        { originateId: id, ok: r.ok, reason: r.ok ? null : r.reasonText },
      );
    }
    return id;
  });
}
