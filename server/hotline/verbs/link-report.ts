// Link a call and the report (and later case) made from it. The intake/cases side
// stores the call id on its report; this stores the report/case on the call.
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { NotFound } from "../../core/errors.ts";

export function linkCallToReport(
  db: Db,
  _actor: Actor,
  input: { callId: number; reportId: number; caseId?: number | null },
) {
  return tx(db, () => {
    const r = db.sqlite
      .query(`UPDATE hotline_calls SET report_id = ?, case_id = coalesce(?, case_id), updated_at = ? WHERE id = ?`)
      .run(input.reportId, input.caseId ?? null, nowIso(), input.callId);
    if (!r.changes) throw NotFound("来电记录");
  });
}

/** When a report of a call becomes a case (立案), carry the case id onto the call. */
export function linkCallsToCase(db: Db, _actor: Actor, input: { reportId: number; caseId: number }) {
  return tx(
    db,
    () =>
      db.sqlite
        .query(`UPDATE hotline_calls SET case_id = ?, updated_at = ? WHERE report_id = ?`)
        .run(input.caseId, nowIso(), input.reportId).changes,
  );
}
