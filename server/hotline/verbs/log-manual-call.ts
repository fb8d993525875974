// Manual call logging: the desk works with no Asterisk configured or reachable.
import type { SQLQueryBindings } from "bun:sqlite";
import { type Db, tx, nowIso } from "../../core/db.ts";
import { type Actor, hasRole } from "../../core/context.ts";
import { Forbidden, Validation } from "../../core/errors.ts";
import { WRAPUP_CODES } from "../queries.ts";

export type ManualCallInput = {
  callerNum: string;
  callerName?: string;
  code: string;
  note: string;
  talkMinutes?: number | null;
};

export function logManualCall(db: Db, actor: Actor, input: ManualCallInput): number {
  if (!hasRole(actor, "hotline", "shift_lead") || actor.kind !== "user") throw Forbidden();
  const num = (input.callerNum ?? "").replace(/[\s-]/g, "");
  const note = (input.note ?? "").trim();
  const fields: Record<string, string> = {};
  if (!/^\+?\d{3,20}$/.test(num)) fields.callerNum = "请填写正确的来电号码";
  if (!(input.code in WRAPUP_CODES)) fields.code = "请选择话后处理类型";
  if (!note) fields.note = "请填写通话小结";
  if (input.talkMinutes != null && !(input.talkMinutes >= 0 && input.talkMinutes < 600))
    fields.talkMinutes = "通话时长无效";
  if (Object.keys(fields).length) throw Validation("hotline.manual_invalid", "来电登记信息不完整", fields);
  return tx(db, () => {
    const now = nowIso();
    const r = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        `INSERT INTO hotline_calls (uniqueid, source, caller_num, caller_name, status, entered_at, answered_at, ended_at,
           agent_user_id, talk_seconds, wrapup_code, wrapup_note, wrapup_at, wrapup_by, created_at, updated_at)
         VALUES (?, 'manual', ?, ?, 'ended', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        `manual-${crypto.randomUUID()}`,
        num,
        input.callerName?.trim() || null,
        now,
        now,
        now,
        actor.userId,
        input.talkMinutes != null ? Math.round(input.talkMinutes * 60) : null,
        input.code,
        note,
        now,
        actor.userId,
        now,
        now,
      )!;
    return r.id;
  });
}
