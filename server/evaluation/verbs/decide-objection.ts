// The shift lead accepts (the count is removed and rankings recalculate) or rejects an objection.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, Conflict, NotFound, Forbidden } from "../../core/errors.ts";
import { timelineRow } from "./timeline.ts";

export function decideObjection(db: Db, actor: Actor, input: { id: number; accept: boolean; note?: string | null }) {
  if (actor.kind !== "user") throw Forbidden();
  const note = (input.note ?? "").trim();
  if (!input.accept && note.length < 2)
    throw Validation("objection.note", "驳回申诉请填写理由", { note: "驳回申诉请填写理由" });
  return tx(db, () => {
    const o = db.sqlite
      .query<
        { id: number; case_id: number; department_id: number; indicator: string; status: string },
        SQLQueryBindings[]
      >("SELECT * FROM eval_objections WHERE id = ?")
      .get(input.id);
    if (!o) throw NotFound("申诉", "objection.not_found");
    if (o.status !== "pending") throw Conflict("objection.decided", "该申诉已处理，请刷新");
    const at = nowIso();
    const status = input.accept ? "accepted" : "rejected";
    db.sqlite
      .query(
        "UPDATE eval_objections SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ? AND status = 'pending'",
      )
      .run(status, actor.userId, at, note || null, o.id);
    timelineRow(db, actor, o.case_id, input.accept ? "objection_accepted" : "objection_rejected", at, note || null, {
      objectionId: o.id,
      departmentId: o.department_id,
      indicator: o.indicator,
    });
    return { status };
  });
}
