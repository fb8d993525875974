// When a new bridge starts (process restart, new settings) the calls a previous
// bridge left open can no longer be followed: end them as connection_lost, once.
// Agents held by them go to wrap-up (answered) or free.
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";

export function closeStaleCalls(db: Db, _actor: Actor): number {
  return tx(db, () => {
    const now = nowIso();
    const n = db.sqlite
      .query(`UPDATE hotline_calls SET status = 'ended', end_reason = 'connection_lost', ended_at = coalesce(ended_at, ?), updated_at = ?
              WHERE source = 'ami' AND status != 'ended'`)
      .run(now, now).changes;
    if (n) {
      db.sqlite
        .query(`UPDATE hotline_agents SET state = CASE WHEN c.answered_at IS NOT NULL AND c.wrapup_at IS NULL THEN 'wrapup' ELSE 'free' END,
                  current_call_id = CASE WHEN c.answered_at IS NOT NULL AND c.wrapup_at IS NULL THEN c.id END, state_since = ?, updated_at = ?
                FROM hotline_calls c WHERE c.id = hotline_agents.current_call_id AND c.end_reason = 'connection_lost' AND hotline_agents.state IN ('ringing', 'busy')`)
        .run(now, now);
    }
    return n;
  });
}
