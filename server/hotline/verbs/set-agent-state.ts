// An agent marks themself free (or busy for a manual call). Free is refused while
// an answered call still lacks its wrap-up.
import { type Db, tx, nowIso } from "../../core/db.ts";
import { type Actor, hasRole } from "../../core/context.ts";
import { Conflict, Forbidden, Validation } from "../../core/errors.ts";
import { pendingWrapups, agentByUser } from "../queries.ts";

export function setAgentState(db: Db, actor: Actor, input: { state: "free" | "busy" }) {
  if (!hasRole(actor, "hotline") || actor.kind !== "user") throw Forbidden();
  if (input.state !== "free" && input.state !== "busy") throw Validation("hotline.bad_state", "状态无效");
  return tx(db, () => {
    const now = nowIso();
    if (input.state === "free") {
      const pending = pendingWrapups(db, actor.userId).filter((c) => c.status === "ended");
      if (pending.length)
        throw Conflict("hotline.wrapup_required", `还有 ${pending.length} 个来电未完成话后处理，完成后才能置闲`);
    }
    const a = agentByUser(db, actor.userId);
    if (!a) {
      db.sqlite
        .query(`INSERT INTO hotline_agents (user_id, state, state_since, updated_at) VALUES (?, ?, ?, ?)`)
        .run(actor.userId, input.state, now, now);
    } else {
      db.sqlite
        .query(
          `UPDATE hotline_agents SET state = ?, current_call_id = CASE WHEN ? = 'free' THEN NULL ELSE current_call_id END, state_since = ?, updated_at = ? WHERE user_id = ?`,
        )
        .run(input.state, input.state, now, now, actor.userId);
    }
    return input.state;
  });
}
