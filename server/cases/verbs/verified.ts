// 核实反馈: the assigned inspector reports what was found (photos optional).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { transition } from "../transition.ts";
import { type Base, type StoredFile, requireNote, saveMedia } from "./common.ts";

export function verified(db: Db, actor: Actor, input: Base & { genuine: boolean; photos?: StoredFile[] }) {
  const note = requireNote(input.note, "核实情况");
  return transition(db, actor, {
    caseId: input.caseId,
    action: "verified",
    expect: input.expect,
    note,
    data: { genuine: input.genuine },
    then: (eventId, row) => saveMedia(db, actor, row.id, eventId, "before", input.photos),
  });
}
