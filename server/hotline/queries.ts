// Hotline reads: calls, agents, settings, wallboard figures. No writes here.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import type { Config } from "../core/config.ts";
import { getSetting } from "../core/settings.ts";

export const WRAPUP_CODES = {
  consultation: "咨询",
  complaint: "投诉/上报",
  help: "求助",
  praise: "表扬/建议",
  repeat: "重复来电",
  followup: "回访/催办",
  invalid: "无效来电",
} as const;
export type WrapupCode = keyof typeof WRAPUP_CODES;

export const AGENT_STATE_NAMES = { free: "空闲", ringing: "振铃", busy: "通话中", wrapup: "话后处理" } as const;
export type AgentState = keyof typeof AGENT_STATE_NAMES;

export type CallRow = {
  id: number;
  uniqueid: string;
  linkedid: string | null;
  channel: string | null;
  source: "ami" | "manual";
  callerNum: string | null;
  callerName: string | null;
  queue: string | null;
  status: "ringing" | "queued" | "answered" | "ended";
  enteredAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  agentInterface: string | null;
  agentMember: string | null;
  agentUserId: number | null;
  agentName: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  ringSeconds: number | null;
  hungUpBy: string | null;
  abandoned: number;
  recordingFile: string | null;
  endReason: string | null;
  wrapupCode: WrapupCode | null;
  wrapupNote: string | null;
  wrapupAt: string | null;
  reportId: number | null;
  caseId: number | null;
  callbackDueAt: string | null;
  callbackAt: string | null;
  callbackCloseReason: string | null;
  /** Click-to-call attempts on this call and the latest one's outcome (NULL: in progress). */
  callbackAttempts: number;
  lastAttemptOutcome: string | null;
};

const CALL_COLS = `c.id, c.uniqueid, c.linkedid, c.channel, c.source, c.caller_num AS callerNum, c.caller_name AS callerName,
  c.queue, c.status, c.entered_at AS enteredAt, c.answered_at AS answeredAt, c.ended_at AS endedAt,
  c.agent_interface AS agentInterface, c.agent_member AS agentMember, c.agent_user_id AS agentUserId, u.name AS agentName,
  c.wait_seconds AS waitSeconds, c.talk_seconds AS talkSeconds, c.ring_seconds AS ringSeconds, c.hung_up_by AS hungUpBy,
  c.abandoned, c.recording_file AS recordingFile, c.end_reason AS endReason, c.wrapup_code AS wrapupCode,
  c.wrapup_note AS wrapupNote, c.wrapup_at AS wrapupAt, c.report_id AS reportId, c.case_id AS caseId,
  c.callback_due_at AS callbackDueAt, c.callback_at AS callbackAt, c.callback_close_reason AS callbackCloseReason,
  (SELECT count(*) FROM hotline_originates o WHERE o.call_id = c.id) AS callbackAttempts,
  (SELECT o.outcome FROM hotline_originates o WHERE o.call_id = c.id ORDER BY o.id DESC LIMIT 1) AS lastAttemptOutcome`;
const FROM = `FROM hotline_calls c LEFT JOIN users u ON u.id = c.agent_user_id`;

export function callById(db: Db, id: number): CallRow | null {
  return db.sqlite.query<CallRow, SQLQueryBindings[]>(`SELECT ${CALL_COLS} ${FROM} WHERE c.id = ?`).get(id);
}
export function callByUniqueid(db: Db, uniqueid: string): CallRow | null {
  return db.sqlite.query<CallRow, SQLQueryBindings[]>(`SELECT ${CALL_COLS} ${FROM} WHERE c.uniqueid = ?`).get(uniqueid);
}

export function listCalls(db: Db, o: { limit?: number; phone?: string; agentUserId?: number } = {}): CallRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (o.phone) where.push("c.caller_num = ?"), args.push(o.phone);
  if (o.agentUserId) where.push("c.agent_user_id = ?"), args.push(o.agentUserId);
  const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
  return db.sqlite
    .query<CallRow, SQLQueryBindings[]>(
      `SELECT ${CALL_COLS} ${FROM} ${w} ORDER BY c.entered_at DESC, c.id DESC LIMIT ?`,
    )
    .all(...args, o.limit ?? 100);
}

/** Earlier calls from the same number (excluding `exceptId`). */
export function earlierCalls(db: Db, phone: string | null, exceptId: number | null, limit = 20): CallRow[] {
  if (!phone) return [];
  return db.sqlite
    .query<CallRow, SQLQueryBindings[]>(
      `SELECT ${CALL_COLS} ${FROM} WHERE c.caller_num = ? AND c.id != ? ORDER BY c.entered_at DESC, c.id DESC LIMIT ?`,
    )
    .all(phone, exceptId ?? 0, limit);
}

/** Answered calls of this agent that ended without a wrap-up (they keep the agent from being free). */
export function pendingWrapups(db: Db, userId: number): CallRow[] {
  return db.sqlite
    .query<CallRow, SQLQueryBindings[]>(
      `SELECT ${CALL_COLS} ${FROM} WHERE c.agent_user_id = ? AND c.answered_at IS NOT NULL AND c.wrapup_at IS NULL ORDER BY c.entered_at`,
    )
    .all(userId);
}

/** Calls from the PBX the database still shows open (waiting, ringing or talking). */
export function openAmiCalls(db: Db): CallRow[] {
  return db.sqlite
    .query<CallRow, SQLQueryBindings[]>(
      `SELECT ${CALL_COLS} ${FROM} WHERE c.source = 'ami' AND c.status != 'ended' ORDER BY c.id`,
    )
    .all();
}

/** Abandoned calls not yet called back, oldest deadline first. */
export function abandonedCalls(db: Db, o: { includeDone?: boolean; limit?: number } = {}): CallRow[] {
  const done = o.includeDone ? "" : "AND c.callback_at IS NULL";
  return db.sqlite
    .query<CallRow, SQLQueryBindings[]>(
      `SELECT ${CALL_COLS} ${FROM} WHERE c.abandoned = 1 ${done} ORDER BY c.callback_due_at, c.id LIMIT ?`,
    )
    .all(o.limit ?? 200);
}

export type AgentRow = {
  userId: number;
  name: string;
  username: string;
  interface: string | null;
  extension: string | null;
  state: AgentState;
  currentCallId: number | null;
  stateSince: string;
};
const AGENT_SQL = `SELECT a.user_id AS userId, u.name, u.username, a.interface, a.extension, a.state,
  a.current_call_id AS currentCallId, a.state_since AS stateSince FROM hotline_agents a JOIN users u ON u.id = a.user_id`;

export function listAgents(db: Db): AgentRow[] {
  return db.sqlite.query<AgentRow, SQLQueryBindings[]>(`${AGENT_SQL} ORDER BY u.name`).all();
}
export function agentByUser(db: Db, userId: number): AgentRow | null {
  return db.sqlite.query<AgentRow, SQLQueryBindings[]>(`${AGENT_SQL} WHERE a.user_id = ?`).get(userId);
}
export function agentByInterface(db: Db, iface: string | null): AgentRow | null {
  if (!iface) return null;
  return db.sqlite.query<AgentRow, SQLQueryBindings[]>(`${AGENT_SQL} WHERE a.interface = ? COLLATE NOCASE`).get(iface);
}

/** Users with the hotline role (for the agent mapping form). */
export function hotlineUsers(db: Db): { id: number; name: string; username: string }[] {
  return db.sqlite
    .query<{ id: number; name: string; username: string }, []>(
      `SELECT u.id, u.name, u.username FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'hotline' WHERE u.active = 1 ORDER BY u.name`,
    )
    .all();
}

export type OriginateRow = {
  id: number;
  actionId: string | null;
  userId: number | null;
  number: string;
  purpose: string;
  callId: number | null;
  caseId: number | null;
  ok: number;
  reason: number | null;
  reasonText: string | null;
  message: string | null;
  uniqueid: string | null;
  at: string;
  /** NULL while the call is in progress; see ORIGINATE_TEXT in verbs/record-originate.ts. */
  outcome: string | null;
  dialStatus: string | null;
  doneAt: string | null;
};
const ORIG = `SELECT id, action_id AS actionId, user_id AS userId, number, purpose, call_id AS callId, case_id AS caseId, ok, reason,
  reason_text AS reasonText, message, uniqueid, at, outcome, dial_status AS dialStatus, done_at AS doneAt FROM hotline_originates`;
export function originateById(db: Db, id: number): OriginateRow | null {
  return db.sqlite.query<OriginateRow, SQLQueryBindings[]>(`${ORIG} WHERE id = ?`).get(id);
}
/** Attempts to call back an abandoned call, oldest first. */
export function originatesForCall(db: Db, callId: number): OriginateRow[] {
  return db.sqlite.query<OriginateRow, SQLQueryBindings[]>(`${ORIG} WHERE call_id = ? ORDER BY id`).all(callId);
}
/** Click-to-call attempts recorded for a case (until the case timeline takes them). */
export function originatesForCase(db: Db, caseId: number): OriginateRow[] {
  return db.sqlite.query<OriginateRow, SQLQueryBindings[]>(`${ORIG} WHERE case_id = ? ORDER BY id`).all(caseId);
}
export function recentOriginates(db: Db, limit = 20): OriginateRow[] {
  return db.sqlite.query<OriginateRow, SQLQueryBindings[]>(`${ORIG} ORDER BY id DESC LIMIT ?`).all(limit);
}

// ---- settings ---------------------------------------------------------------

export type AmiSettings = {
  host: string;
  port: number;
  user: string;
  secret: string;
  queues: string[];
  entryContexts: string[];
  originateContext: string;
  callerId: string;
  pauseInWrapup: boolean;
  callbackHours: number;
  /** Where the values came from: the admin page (db), the boot environment (env) or nowhere. */
  origin: "db" | "env" | "none";
};

const list = (s: string) =>
  s
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Effective AMI settings: the admin page wins over the AMI_* boot environment. */
export function amiSettings(
  db: Db,
  config?: Pick<Config, "AMI_HOST" | "AMI_PORT" | "AMI_USER" | "AMI_SECRET">,
): AmiSettings {
  const g = (k: string) => getSetting(db, `hotline.${k}`);
  const dbHost = g("ami.host");
  const origin = dbHost ? "db" : config?.AMI_HOST ? "env" : "none";
  return {
    host: dbHost || config?.AMI_HOST || "",
    port: Number(dbHost ? g("ami.port") || 5038 : (config?.AMI_PORT ?? 5038)),
    user: dbHost ? g("ami.user") : (config?.AMI_USER ?? ""),
    secret: dbHost ? g("ami.secret") : (config?.AMI_SECRET ?? ""),
    queues: list(g("queues") || "q12319"),
    entryContexts: list(g("entry_contexts")),
    originateContext: g("originate_context") || "outbound",
    callerId: g("caller_id") || '"12319" <12319>',
    // On by default: an agent in wrap-up must not get the next queue call.
    pauseInWrapup: g("pause_in_wrapup") !== "0",
    callbackHours: Number(g("callback_hours") || 2),
    origin,
  };
}

// ---- wallboard --------------------------------------------------------------

export type Wallboard = {
  answeredToday: number;
  abandonedToday: number;
  totalToday: number;
  /** Share of today's answered calls picked up within 20 s of waiting, 0–100, null without calls. */
  serviceLevel: number | null;
  avgWait: number | null;
  avgTalk: number | null;
  callbacksDue: number;
};

type WallboardSums = { [k in "answered" | "abandoned" | "total" | "within" | "avgWait" | "avgTalk"]: number | null };

/** Today's figures since `since` (ISO, the local day start). */
export function wallboard(db: Db, since: string): Wallboard {
  const r = db.sqlite
    .query<WallboardSums, [string]>(`SELECT
        sum(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered,
        sum(abandoned) AS abandoned,
        count(*) AS total,
        sum(CASE WHEN answered_at IS NOT NULL AND coalesce(wait_seconds, 0) <= 20 THEN 1 ELSE 0 END) AS within,
        avg(CASE WHEN source = 'ami' THEN wait_seconds END) AS avgWait,
        avg(talk_seconds) AS avgTalk
      FROM hotline_calls WHERE entered_at >= ? AND source = 'ami'`)
    .get(since)!;
  const due = db.sqlite
    .query<{ n: number }, []>(`SELECT count(*) AS n FROM hotline_calls WHERE abandoned = 1 AND callback_at IS NULL`)
    .get()!;
  const answered = r.answered ?? 0;
  const abandoned = r.abandoned ?? 0;
  const offered = answered + abandoned;
  return {
    answeredToday: answered,
    abandonedToday: abandoned,
    totalToday: r.total ?? 0,
    serviceLevel: offered ? Math.round(((r.within ?? 0) / offered) * 100) : null,
    avgWait: r.avgWait == null ? null : Math.round(r.avgWait),
    avgTalk: r.avgTalk == null ? null : Math.round(r.avgTalk),
    callbacksDue: due.n,
  };
}

/** Start of today in Asia/Shanghai as an ISO instant. */
export function todayStart(now = new Date()): string {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), cst.getUTCDate()) - 8 * 3600_000).toISOString();
}
