// 话后处理: a wrap-up code and a note for an answered (or manually logged) call.
// When the agent has no other call waiting for one, the agent becomes free.
import { type Db, tx, nowIso } from "../../core/db.ts";
import { type Actor, hasRole } from "../../core/context.ts";
import { Validation, Forbidden, NotFound, Conflict } from "../../core/errors.ts";
import { WRAPUP_CODES, callById, pendingWrapups } from "../queries.ts";

export type WrapUpInput = { callId: number; code: string; note: string };

export function wrapUpCall(db: Db, actor: Actor, input: WrapUpInput) {
  if (!hasRole(actor, "hotline", "shift_lead", "admin") || actor.kind !== "user") throw Forbidden();
  const fields: Record<string, string> = {};
  if (!(input.code in WRAPUP_CODES)) fields.code = "请选择话后处理类型";
  const note = (input.note ?? "").trim();
  if (!note) fields.note = "请填写通话小结";
  else if (note.length > 2000) fields.note = "通话小结不超过 2000 字";
  if (Object.keys(fields).length) throw Validation("hotline.wrapup_invalid", "话后处理信息不完整", fields);
  return tx(db, () => {
    const call = callById(db, input.callId);
    if (!call) throw NotFound("来电记录");
    if (call.source === "ami" && !call.answeredAt) throw Conflict("hotline.not_answered", "未接通的来电无需话后处理");
    if (call.agentUserId && call.agentUserId !== actor.userId && !hasRole(actor, "shift_lead", "admin"))
      throw Forbidden("只能处理自己接听的来电");
    const now = nowIso();
    db.sqlite
      .query(
        `UPDATE hotline_calls SET wrapup_code = ?, wrapup_note = ?, wrapup_at = ?, wrapup_by = ?, updated_at = ? WHERE id = ?`,
      )
      .run(input.code, note, now, actor.userId, now, call.id);
    const agentId = call.agentUserId ?? actor.userId;
    // Free the agent if the call is over and nothing else awaits a wrap-up.
    if (call.status === "ended" || call.source === "manual") {
      const left = pendingWrapups(db, agentId).filter((c) => c.status === "ended");
      if (!left.length)
        db.sqlite
          .query(
            `UPDATE hotline_agents SET state = 'free', current_call_id = NULL, state_since = ?, updated_at = ? WHERE user_id = ? AND state = 'wrapup'`,
          )
          .run(now, now, agentId);
    }
    return { callId: call.id, agentUserId: agentId };
  });
}
