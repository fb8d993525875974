// Merge a duplicate report into an existing open case; both timelines record it.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { transition, loadCase } from "../transition.ts";
import { appendNote } from "../timeline.ts";
import type { Base } from "./common.ts";
import { isOpen } from "../lifecycle.ts";

export function merge(db: Db, actor: Actor, input: Base & { targetId: number }) {
  const target = loadCase(db, input.targetId);
  if (target.id === input.caseId || !isOpen(target.state))
    throw Validation("case.merge_target", "只能合并到另一个未结案的案件", { targetId: "只能合并到另一个未结案的案件" });
  return transition(db, actor, {
    caseId: input.caseId,
    action: "merge",
    expect: input.expect,
    note: input.note ?? `合并到 ${target.no}`,
    patch: { merged_into: target.id, closed_at: new Date().toISOString() },
    data: { targetId: target.id, targetNo: target.no },
    then: (_e, row) => {
      appendNote(db, actor, {
        caseId: target.id,
        kind: "merged_in",
        note: `重复上报 ${row.no} 已合并到本案`,
        data: { fromId: row.id, fromNo: row.no },
      });
    },
  });
}
