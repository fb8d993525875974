// 处置反馈: the department reports the work done, with after-photos (required).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { transition } from "../transition.ts";
import { type Base, type StoredFile, requireNote, saveMedia } from "./common.ts";

export function complete(db: Db, actor: Actor, input: Base & { photos: StoredFile[] }) {
  const note = requireNote(input.note, "处置情况");
  if (!input.photos?.length)
    throw Validation("case.photos_required", "请上传处置后的照片", { photos: "请上传处置后的照片" });
  return transition(db, actor, {
    caseId: input.caseId,
    action: "complete",
    expect: input.expect,
    note,
    patch: { completed_at: new Date().toISOString() },
    then: (eventId, row) => saveMedia(db, actor, row.id, eventId, "after", input.photos),
  });
}
