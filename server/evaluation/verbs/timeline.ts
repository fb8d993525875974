// Objection rows on the case timeline. The cases module has no transition for 申诉 (it does
// not change the case state), so they are timeline notes written through its appendNote door.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { appendNote, NOTE_NAMES } from "../../cases/index.ts";

export const OBJECTION_ACTIONS = {
  objection: NOTE_NAMES.objection,
  objection_accepted: NOTE_NAMES.objection_accepted,
  objection_rejected: NOTE_NAMES.objection_rejected,
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
  appendNote(db, actor, { caseId, kind: action, at, note, data });
}
