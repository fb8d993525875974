// Write one telephony CallEvent: idempotent upsert of the call row by the caller
// channel's Uniqueid, plus the agent's state. SQLite first, then the bus.
import type { SQLQueryBindings } from "bun:sqlite";
import type { CallEvent } from "../../../telephony/index.ts";
import { type Db, tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { agentByInterface, callByUniqueid } from "../queries.ts";

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export type RecordedCall = { callId: number; agentUserId: number | null; created: boolean };

export function recordCallEvent(
  db: Db,
  _actor: Actor,
  e: CallEvent,
  opts: { callbackHours?: number } = {},
): RecordedCall {
  const c = e.call;
  return tx(db, () => {
    const now = nowIso();
    const before = callByUniqueid(db, c.uniqueid);
    // A call that has ended is final: late or replayed events never reopen it.
    if (before?.status === "ended") return { callId: before.id, agentUserId: before.agentUserId, created: false };
    const agentIface = e.type === "agent_ringing" || e.type === "agent_noanswer" ? e.agentInterface : c.agentInterface;
    const agent = agentByInterface(db, agentIface);
    const answeringAgent = c.agentInterface ? agentByInterface(db, c.agentInterface) : null;
    const callbackDue =
      c.abandoned && c.endedAt != null
        ? new Date(c.endedAt + (opts.callbackHours ?? 2) * 3600_000).toISOString()
        : null;
    const row = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        `INSERT INTO hotline_calls (uniqueid, linkedid, channel, source, caller_num, caller_name, queue, status, entered_at,
           answered_at, ended_at, agent_interface, agent_member, agent_user_id, wait_seconds, talk_seconds, ring_seconds,
           hung_up_by, abandoned, recording_file, end_reason, callback_due_at, created_at, updated_at)
         VALUES (?, ?, ?, 'ami', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(uniqueid) DO UPDATE SET
           linkedid = excluded.linkedid, channel = excluded.channel,
           caller_num = coalesce(excluded.caller_num, caller_num), caller_name = coalesce(excluded.caller_name, caller_name),
           queue = coalesce(excluded.queue, queue), status = excluded.status,
           answered_at = coalesce(excluded.answered_at, answered_at), ended_at = excluded.ended_at,
           agent_interface = coalesce(excluded.agent_interface, agent_interface), agent_member = coalesce(excluded.agent_member, agent_member),
           agent_user_id = coalesce(excluded.agent_user_id, agent_user_id),
           wait_seconds = coalesce(excluded.wait_seconds, wait_seconds), talk_seconds = coalesce(excluded.talk_seconds, talk_seconds),
           ring_seconds = coalesce(excluded.ring_seconds, ring_seconds), hung_up_by = coalesce(excluded.hung_up_by, hung_up_by),
           abandoned = excluded.abandoned, recording_file = coalesce(excluded.recording_file, recording_file),
           end_reason = coalesce(excluded.end_reason, end_reason), callback_due_at = coalesce(callback_due_at, excluded.callback_due_at),
           updated_at = excluded.updated_at
         RETURNING id`,
      )
      .get(
        c.uniqueid,
        c.linkedid,
        c.channel,
        c.callerNum,
        c.callerName,
        c.queue,
        c.status,
        iso(c.enteredAt),
        iso(c.answeredAt),
        iso(c.endedAt),
        c.agentInterface,
        c.agentMember,
        answeringAgent?.userId ?? null,
        c.waitSeconds,
        c.talkSeconds,
        c.ringSeconds,
        c.hungUpBy,
        c.abandoned ? 1 : 0,
        c.recordingFile,
        c.endReason,
        callbackDue,
        now,
        now,
      )!;
    const callId = row.id;

    const setAgent = (userId: number, state: string, callIdOrNull: number | null) =>
      db.sqlite
        .query(
          `UPDATE hotline_agents SET state = ?, current_call_id = ?, state_since = ?, updated_at = ? WHERE user_id = ?`,
        )
        .run(state, callIdOrNull, now, now, userId);

    switch (e.type) {
      case "agent_ringing":
        if (agent && agent.state === "free") setAgent(agent.userId, "ringing", callId);
        break;
      case "agent_noanswer":
        if (agent && agent.state === "ringing" && agent.currentCallId === callId) setAgent(agent.userId, "free", null);
        break;
      case "answered":
        if (answeringAgent) setAgent(answeringAgent.userId, "busy", callId);
        break;
      case "abandoned":
      case "ended": {
        // Agents still ringing for this call go back to free.
        db.sqlite
          .query(
            `UPDATE hotline_agents SET state = 'free', current_call_id = NULL, state_since = ?, updated_at = ? WHERE current_call_id = ? AND state = 'ringing'`,
          )
          .run(now, now, callId);
        if (e.type === "ended" && answeringAgent && c.answeredAt != null) {
          const wrapped = db.sqlite
            .query<{ wrapup_at: string | null }, SQLQueryBindings[]>(`SELECT wrapup_at FROM hotline_calls WHERE id = ?`)
            .get(callId)!;
          const a = agentByInterface(db, c.agentInterface);
          if (a && a.currentCallId === callId)
            setAgent(a.userId, wrapped.wrapup_at ? "free" : "wrapup", wrapped.wrapup_at ? null : callId);
        }
        break;
      }
    }
    return {
      callId,
      agentUserId: (e.type === "agent_ringing" ? agent?.userId : answeringAgent?.userId) ?? null,
      created: !before,
    };
  });
}
