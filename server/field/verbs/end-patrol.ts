// 结束巡查. Points sampled before the end may still arrive later from the offline queue.
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict } from "../../core/errors.ts";
import { openPatrol, patrolById, type Patrol } from "../queries.ts";
import { requireInspector } from "./common.ts";

export function endPatrol(db: Db, actor: Actor, now = new Date()): Patrol {
  const me = requireInspector(actor);
  return tx(db, () => {
    const p = openPatrol(db, me.userId);
    if (!p) throw Conflict("field.patrol_not_open", "当前没有进行中的巡查");
    db.sqlite.query("UPDATE patrols SET ended_at = ? WHERE id = ? AND ended_at IS NULL").run(now.toISOString(), p.id);
    return patrolById(db, p.id)!;
  });
}
