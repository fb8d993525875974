// The ONE place the hotline (and the 12345 exchange) touch the case loop
// (server/cases, through its index.ts: createCase and appendNote). In this schema a report
// *is* a case in state "reported" (one `cases` row, number `no`), so report id = case id.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { tx } from "../core/db.ts";
import type { Actor } from "../core/context.ts";
import { AppError } from "../core/errors.ts";
import { STATES, isOpen, type CaseState } from "../cases/index.ts";
import { appendNote, createCase } from "../cases/index.ts";

export type EarlierCase = {
  id: number;
  caseNo: string;
  title: string;
  state: string;
  stateName: string;
  createdAt: string;
  dueAt: string | null;
  open: boolean;
  overdue: boolean;
  href: string;
};

/** Every earlier case whose reporter phone is `phone`, newest first, open/overdue marked. */
export function earlierCasesForPhone(db: Db, phone: string | null, now = new Date()): EarlierCase[] {
  if (!phone) return [];
  const rows = db.sqlite
    .query<
      {
        id: number;
        caseNo: string;
        title: string;
        state: CaseState;
        createdAt: string;
        dueAt: string | null;
        warnLevel: number;
      },
      SQLQueryBindings[]
    >(`SELECT id, no AS caseNo, description AS title, state, created_at AS createdAt, due_at AS dueAt, warn_level AS warnLevel
            FROM cases WHERE reporter_phone = ? ORDER BY id DESC LIMIT 50`)
    .all(phone);
  return rows.map((r) => {
    const open = STATES[r.state] ? isOpen(r.state) : true;
    const overdue = open && (r.warnLevel >= 2 || (!!r.dueAt && r.dueAt < now.toISOString()));
    return {
      id: r.id,
      caseNo: r.caseNo,
      title: r.title.slice(0, 60),
      state: r.state,
      stateName: STATES[r.state]?.name ?? r.state,
      createdAt: r.createdAt,
      dueAt: r.dueAt,
      open,
      overdue,
      href: `/cases/${r.id}`,
    };
  });
}

/** The case's number and reporter, for the click-to-call page of a case. */
export function caseContact(
  db: Db,
  caseId: number,
): { id: number; no: string; reporterName: string | null; reporterPhone: string | null } | null {
  return db.sqlite
    .query<{ id: number; no: string; reporterName: string | null; reporterPhone: string | null }, [number]>(
      `SELECT id, no, reporter_name AS reporterName, reporter_phone AS reporterPhone FROM cases WHERE id = ?`,
    )
    .get(caseId);
}

/** Where "new report from this call" goes (the hotline's report form, caller pre-filled). */
export function reportFormUrl(callId: number): string {
  return `/hotline/calls/${callId}/report`;
}

export type CallReportInput = {
  description: string;
  address?: string | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
  categoryId?: number | null;
  urgency?: "normal" | "urgent" | "critical";
};

/**
 * Create a report (source 'hotline') from a call and link both ways: the call row
 * gets report_id/case_id, the case timeline gets a note naming the call.
 */
export function createReportFromCall(
  db: Db,
  actor: Actor,
  callId: number,
  input: CallReportInput,
): { caseId: number; caseNo: string } {
  return tx(db, () => {
    const c = createCase(db, actor, {
      source: "hotline",
      description: input.description,
      address: input.address ?? null,
      reporterName: input.reporterName ?? null,
      reporterPhone: input.reporterPhone ?? null,
      categoryId: input.categoryId ?? null,
      urgency: input.urgency ?? "normal",
    });
    const caseId = c.id;
    const caseNo = c.no;
    db.sqlite
      .query(`UPDATE hotline_calls SET report_id = ?, case_id = ?, updated_at = ? WHERE id = ?`)
      .run(caseId, caseId, new Date().toISOString(), callId);
    // The new case's report already told intake (recipients()); the link itself notifies nobody.
    appendNote(db, actor, {
      caseId,
      kind: "hotline_call",
      note: `来自热线来电 #${callId}`,
      data: { callId },
      notify: [],
    });
    return { caseId, caseNo };
  });
}

/**
 * 合并: a repeat call about a case already open joins that case instead of making a new one.
 * The call row gets the case, the case timeline a hotline_call note (which tells whoever holds
 * the case: recipients() in server/cases).
 */
export function mergeCallIntoCase(db: Db, actor: Actor, callId: number, caseId: number, note?: string | null) {
  return tx(db, () => {
    db.sqlite
      .query(`UPDATE hotline_calls SET report_id = ?, case_id = ?, updated_at = ? WHERE id = ?`)
      .run(caseId, caseId, new Date().toISOString(), callId);
    appendNote(db, actor, {
      caseId,
      kind: "hotline_call",
      note: `市民再次来电（来电 #${callId}）${note ? `：${note}` : ""}`,
      data: { callId },
    });
  });
}

/** Calls linked to a case (the case page shows them: the other direction of the link). */
export function callsForCase(db: Db, caseId: number): { id: number; callerNum: string | null; enteredAt: string }[] {
  return db.sqlite
    .query<{ id: number; callerNum: string | null; enteredAt: string }, [number]>(
      `SELECT id, caller_num AS callerNum, entered_at AS enteredAt FROM hotline_calls WHERE case_id = ? ORDER BY id`,
    )
    .all(caseId);
}

/** Record a click-to-call outcome on the case timeline (no state change). */
export function recordCallOnCaseTimeline(
  db: Db,
  actor: Actor,
  caseId: number,
  text: string,
  at: string,
  data: Record<string, unknown> | null = null,
): boolean {
  try {
    appendNote(db, actor, { caseId, kind: "phone_call", note: text, data, at });
    return true;
  } catch (e) {
    if (e instanceof AppError && e.kind === "not_found") return false; // no such case: nothing to record
    throw e;
  }
}

/**
 * A 12345 work order received through the exchange API becomes a report with
 * source 'api' and the 12345 order number in its description head.
 */
export function createReportFromOrder(
  db: Db,
  actor: Actor,
  order: {
    orderNo: string;
    callerPhone: string | null;
    callerName: string | null;
    content: string;
    address: string | null;
    /** The 12345 category mapped to a class of the edition in force (server/catalog matchCategory). */
    categoryId?: number | null;
  },
): number | null {
  const c = createCase(db, actor, {
    source: "api",
    channel: "12345",
    categoryId: order.categoryId ?? null,
    description: `【12345 工单 ${order.orderNo}】${order.content}`,
    address: order.address || "（12345 工单未提供地址）",
    reporterName: order.callerName,
    reporterPhone: order.callerPhone && /^[0-9+\-\s]{5,20}$/.test(order.callerPhone) ? order.callerPhone : null,
  });
  return c.id;
}
