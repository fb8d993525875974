// Click-to-call attempts (回访 / call-back / chasing a department). An attempt is recorded the
// moment it is asked for (outcome NULL = pending) and completed when the PBX reports the
// citizen's leg: OriginateResponse only says the agent's phone answered, the citizen's result is
// the later DialEnd (telephony CallBridge.citizenResult). Only a citizen-answered attempt closes
// a call-back; every finished attempt goes on the case timeline.
import type { SQLQueryBindings } from "bun:sqlite";
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict, NotFound, Validation } from "../../core/errors.ts";
import { recordCallOnCaseTimeline } from "../cases-link.ts";

export type OriginatePurpose = "callback" | "chase" | "other";

export type OriginateRequestInput = {
  number: string;
  purpose: OriginatePurpose;
  callId?: number | null;
  caseId?: number | null;
};

/** Outcome codes stored in hotline_originates.outcome (NULL while the call is in progress). */
export const ORIGINATE_TEXT: Record<string, string> = {
  answered: "市民已接听",
  busy: "市民忙线",
  no_answer: "市民无人接听",
  congestion: "线路拥塞",
  unavailable: "市民号码无法接通",
  cancelled: "市民振铃时坐席挂断",
  agent_hangup: "拨出前坐席挂断",
  agent_no_answer: "坐席话机未接听",
  agent_busy: "坐席话机忙",
  agent_unavailable: "坐席话机不可用",
  failed: "呼叫失败",
  rejected: "交换机拒绝呼叫",
  timeout: "交换机无应答",
  not_connected: "未连接交换机",
  unknown: "结果未知（连接中断或超时）",
  agent_answered: "坐席已接通（旧记录，未记录市民结果）",
};
export const outcomeText = (o: string | null): string => (o ? (ORIGINATE_TEXT[o] ?? o) : "正在呼叫…");

/** The agent's leg failed (OriginateResponse Failure, or a local failure): outcome code. */
export function agentLegOutcome(reasonText: string): string {
  switch (reasonText) {
    case "no_answer":
      return "agent_no_answer";
    case "busy":
      return "agent_busy";
    case "hangup":
      return "agent_hangup";
    case "failed":
    case "congestion":
      return "agent_unavailable";
    case "rejected":
    case "timeout":
    case "not_connected":
      return reasonText;
    default:
      return "unknown";
  }
}

const PURPOSE_TEXT: Record<OriginatePurpose, string> = { callback: "回访", chase: "电话催办", other: "外呼" };

/** Record an attempt as it starts (pending). Returns its id. */
export function startOriginate(db: Db, actor: Actor, o: OriginateRequestInput): number {
  // A call-back of a call linked to a case belongs on that case's timeline too.
  const caseId =
    o.caseId ??
    (o.callId
      ? (db.sqlite
          .query<{ case_id: number | null }, [number]>(`SELECT case_id FROM hotline_calls WHERE id = ?`)
          .get(o.callId)?.case_id ?? null)
      : null);
  const row = db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      `INSERT INTO hotline_originates (user_id, number, purpose, call_id, case_id, ok, at)
       VALUES (?, ?, ?, ?, ?, 0, ?) RETURNING id`,
    )
    .get(actor.kind === "user" ? actor.userId : null, o.number, o.purpose, o.callId ?? null, caseId, nowIso());
  return row!.id;
}

export type OriginateFinish = {
  outcome: string;
  actionId?: string | null;
  uniqueid?: string | null;
  dialStatus?: string | null;
  reason?: number | null;
  message?: string | null;
};

/** Complete an attempt: outcome, call-back closed only if the citizen answered, case timeline note. */
export function finishOriginate(db: Db, actor: Actor, id: number, f: OriginateFinish): void {
  tx(db, () => {
    const now = nowIso();
    const o = db.sqlite
      .query<
        { number: string; purpose: OriginatePurpose; callId: number | null; caseId: number | null },
        SQLQueryBindings[]
      >(
        `UPDATE hotline_originates SET outcome = ?, ok = ?, action_id = ?, uniqueid = ?, dial_status = ?, reason = ?,
           reason_text = ?, message = ?, done_at = ? WHERE id = ? AND outcome IS NULL
         RETURNING number, purpose, call_id AS callId, case_id AS caseId`,
      )
      .get(
        f.outcome,
        f.outcome === "answered" ? 1 : 0,
        f.actionId ?? null,
        f.uniqueid ?? null,
        f.dialStatus ?? null,
        f.reason ?? null,
        f.outcome,
        f.message ?? null,
        now,
        id,
      );
    if (!o) return; // already finished
    if (f.outcome === "answered" && o.callId)
      db.sqlite
        .query(
          `UPDATE hotline_calls SET callback_at = ?, updated_at = ? WHERE id = ? AND abandoned = 1 AND callback_at IS NULL`,
        )
        .run(now, now, o.callId);
    if (o.caseId)
      recordCallOnCaseTimeline(
        db,
        actor,
        o.caseId,
        `${PURPOSE_TEXT[o.purpose] ?? "外呼"} ${o.number}：${outcomeText(f.outcome)}`,
        now,
        { originateId: id, outcome: f.outcome, dialStatus: f.dialStatus ?? null },
      );
  });
}

/** A supervisor closes a call-back that could not be completed by phone, with a reason. */
export function closeCallback(db: Db, actor: Actor, callId: number, reason: string): void {
  const why = reason.trim();
  if (!why) throw Validation("hotline.callback_reason", "请填写关闭回拨的原因", { reason: "请填写关闭回拨的原因" });
  const call = db.sqlite
    .query<{ abandoned: number; callback_at: string | null }, [number]>(
      `SELECT abandoned, callback_at FROM hotline_calls WHERE id = ?`,
    )
    .get(callId);
  if (!call) throw NotFound("来电记录", "hotline.call_not_found");
  if (!call.abandoned || call.callback_at) throw Conflict("hotline.callback_closed", "该来电不需要回拨或已关闭");
  const now = nowIso();
  db.sqlite
    .query(
      `UPDATE hotline_calls SET callback_at = ?, callback_close_reason = ?, callback_closed_by = ?, updated_at = ? WHERE id = ?`,
    )
    .run(now, why.slice(0, 200), actor.kind === "user" ? actor.userId : null, now, callId);
}
