// 开始巡查: one open patrol per inspector.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict } from "../../core/errors.ts";
import { shanghaiDate } from "../../core/calendar.ts";
import { openPatrol, type Patrol } from "../queries.ts";
import { requireInspector } from "./common.ts";

export function startPatrol(db: Db, actor: Actor, now = new Date()): Patrol {
  const me = requireInspector(actor);
  return tx(db, () => {
    if (openPatrol(db, me.userId)) throw Conflict("field.patrol_open", "您已在巡查中，请先结束当前巡查");
    return db.sqlite
      .query<Patrol, SQLQueryBindings[]>("INSERT INTO patrols (user_id, day, started_at) VALUES (?, ?, ?) RETURNING *")
      .get(me.userId, shanghaiDate(now), now.toISOString())!;
  });
}
