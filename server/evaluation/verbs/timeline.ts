// Objection rows on the case timeline. The cases module has no transition for 申诉 (it does
// not change the case state), so this writes one case_events row with from_state = to_state.
import type { Db } from "../../core/db.ts";
import { type Actor, actorLabel } from "../../core/context.ts";

import { NOTE_NAMES } from "../../cases/index.ts";
export const OBJECTION_ACTIONS = {
  objection: NOTE_NAMES.objection!,
  objection_accepted: NOTE_NAMES.objection_accepted!,
  objection_rejected: NOTE_NAMES.objection_rejected!,
} as const;

export function timelineRow(
  db: Db,
  actor: Actor,
  caseId: number,
  action: keyof typeof OBJECTION_ACTIONS,
  at: string,
  note: string | null,
  data: Record<string, unknown>,
) {
  const st = db.sqlite.query("SELECT state FROM cases WHERE id = ?").get(caseId) as { state: string };
  db.sqlite
    .query(
      "INSERT INTO case_events (case_id, at, action, from_state, to_state, actor, user_id, note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(
      caseId,
      at,
      action,
      st.state,
      st.state,
      actorLabel(actor),
      actor.kind === "user" ? actor.userId : null,
      note,
      JSON.stringify(data),
    );
}
