// 不予立案: the report does not meet the filing standard.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { simple, type Base } from "./common.ts";

export const reject = (db: Db, actor: Actor, input: Base) =>
  simple(db, actor, input, "reject", { noteRequired: "不予立案理由", patch: { closed_at: new Date().toISOString() } });
