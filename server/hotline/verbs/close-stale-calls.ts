// Calls the database still shows open that the PBX no longer has (reconciliation at every
// connect, or a bridge left behind by a restart): end them with the given reason, once, and free
// their agents (an answered call not yet wrapped up leaves its agent in wrap-up).
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";

export function closeStaleCalls(
  db: Db,
  _actor: Actor,
  o: { keep?: ReadonlySet<string>; reason?: "connection_lost" | "reconciled" } = {},
): number {
  const reason = o.reason ?? "connection_lost";
  return tx(db, () => {
    const now = nowIso();
    const open = db.sqlite
      .query<{ id: number; uniqueid: string }, []>(
        `SELECT id, uniqueid FROM hotline_calls WHERE source = 'ami' AND status != 'ended'`,
      )
      .all();
    const gone = open.filter((c) => !o.keep?.has(c.uniqueid));
    for (const c of gone) {
      db.sqlite
        .query(`UPDATE hotline_calls SET status = 'ended', end_reason = ?, ended_at = coalesce(ended_at, ?), updated_at = ?
                WHERE id = ?`)
        .run(reason, now, now, c.id);
      db.sqlite
        .query(`UPDATE hotline_agents SET state = CASE WHEN c.answered_at IS NOT NULL AND c.wrapup_at IS NULL THEN 'wrapup' ELSE 'free' END,
                  current_call_id = CASE WHEN c.answered_at IS NOT NULL AND c.wrapup_at IS NULL THEN c.id END, state_since = ?, updated_at = ?
                FROM hotline_calls c WHERE c.id = ? AND c.id = hotline_agents.current_call_id AND hotline_agents.state IN ('ringing', 'busy')`)
        .run(now, now, c.id);
    }
    return gone.length;
  });
}
