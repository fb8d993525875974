// 接收: the department takes the case on.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { simple, type Base } from "./common.ts";

export const accept = (db: Db, actor: Actor, input: Base) => simple(db, actor, input, "accept");
