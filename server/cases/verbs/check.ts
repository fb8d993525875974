// 核查: the assigned inspector checks the work on site with a photo: pass → 待结案,
// fail → back to the department as 返工 (counted) with a fresh disposal clock.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { transition } from "../transition.ts";
import { type Base, type StoredFile, requireNote, saveMedia } from "./common.ts";

export function check(db: Db, actor: Actor, input: Base & { pass: boolean; photos: StoredFile[] }) {
  if (!input.photos?.length) throw Validation("case.photos_required", "请上传核查照片", { photos: "请上传核查照片" });
  const note = input.pass ? (input.note ?? null) : requireNote(input.note, "核查不通过的原因");
  return transition(db, actor, {
    caseId: input.caseId,
    action: input.pass ? "check_pass" : "check_fail",
    expect: input.expect,
    note,
    clock: input.pass ? "auto" : "restart",
    // a failed check counts a rework and clears completed_at: EFFECTS.check_fail (lifecycle.ts)
    then: (eventId, row) => saveMedia(db, actor, row.id, eventId, "check", input.photos),
  });
}
