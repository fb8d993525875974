// 督办: urge the people responsible; recorded on the timeline, counted (EFFECTS.urge), state unchanged.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { transition } from "../transition.ts";
import { requireNote, type Base } from "./common.ts";

export function urge(db: Db, actor: Actor, input: Base) {
  const note = requireNote(input.note, "督办意见");
  return transition(db, actor, {
    caseId: input.caseId,
    action: "urge",
    expect: input.expect,
    note,
  });
}
