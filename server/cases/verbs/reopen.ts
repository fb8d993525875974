// 重新启用: a shift lead reopens a closed, rejected or cancelled case, with a reason.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { simple, type Base } from "./common.ts";

export const reopen = (db: Db, actor: Actor, input: Base) =>
  simple(db, actor, input, "reopen", {
    noteRequired: "重新启用的理由",
    patch: { closed_at: null, merged_into: null, department_id: null },
  });
