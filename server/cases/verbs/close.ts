// 结案: close a case whose work passed the check.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { simple, type Base } from "./common.ts";

export const close = (db: Db, actor: Actor, input: Base) =>
  simple(db, actor, input, "close", { patch: { closed_at: new Date().toISOString() } });
