// The ONE place the hotline touches the case loop (server/cases, server/intake,
// built on branch `cases`). Until that branch is merged, these functions probe
// for its tables and degrade to "no cases" so the desk keeps working; after the
// merge, replace the bodies here with calls to the cases module's queries/verbs.
import type { Db } from "../core/db.ts";

export type EarlierCase = {
  id: number;
  caseNo: string;
  title: string;
  state: string;
  createdAt: string;
  dueAt: string | null;
  open: boolean;
  overdue: boolean;
  href: string;
};

function hasTable(db: Db, name: string): boolean {
  return !!db.sqlite.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}
function columns(db: Db, table: string): Set<string> {
  return new Set((db.sqlite.query(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name));
}

/** True once the cases module's tables exist (the report form can be linked to). */
export function casesAvailable(db: Db): boolean {
  return hasTable(db, "reports") && hasTable(db, "cases");
}

/** Every earlier case (and still unfiled report) whose reporter phone is `phone`, newest first. */
export function earlierCasesForPhone(db: Db, phone: string | null, now = new Date()): EarlierCase[] {
  if (!phone || !casesAvailable(db)) return [];
  const rc = columns(db, "reports");
  const cc = columns(db, "cases");
  const phoneCol = ["reporter_phone", "phone", "caller_phone"].find((c) => rc.has(c));
  if (!phoneCol || !cc.has("report_id")) return [];
  const no = cc.has("case_no") ? "c.case_no" : "CAST(c.id AS TEXT)";
  const title = cc.has("title") ? "c.title" : rc.has("description") ? "r.description" : "''";
  const state = cc.has("state") ? "c.state" : "''";
  const due = cc.has("due_at") ? "c.due_at" : "NULL";
  const created = cc.has("created_at") ? "c.created_at" : "''";
  const rows = db.sqlite
    .query(`SELECT c.id, ${no} AS caseNo, ${title} AS title, ${state} AS state, ${created} AS createdAt, ${due} AS dueAt
            FROM cases c JOIN reports r ON r.id = c.report_id WHERE r.${phoneCol} = ? ORDER BY c.id DESC LIMIT 50`)
    .all(phone) as Omit<EarlierCase, "open" | "overdue" | "href">[];
  return rows.map((r) => {
    const open = !["closed", "cancelled", "rejected", "voided"].includes(r.state);
    return { ...r, title: String(r.title ?? "").slice(0, 60), open, overdue: open && !!r.dueAt && r.dueAt < now.toISOString(), href: `/cases/${r.id}` };
  });
}

/**
 * Where "new report from this call" goes: the intake report form with source
 * 'hotline', the caller's number and the call id pre-filled. The form links the
 * new report back with `linkCallToReport` (server/hotline/verbs/link-report.ts).
 */
export function reportFormUrl(callId: number): string {
  return `/hotline/calls/${callId}/report`;
}

/** The cases module's report form (after the merge); null while it does not exist. */
export function intakeFormUrl(db: Db, callId: number, phone: string | null): string | null {
  if (!casesAvailable(db)) return null;
  const q = new URLSearchParams({ source: "hotline", call: String(callId) });
  if (phone) q.set("phone", phone);
  return `/reports/new?${q}`;
}

/**
 * Record a click-to-call outcome on the case timeline. Until the cases module is
 * merged this is a no-op (the outcome is kept in hotline_originates, readable via
 * originatesForCase()); after the merge it appends a case_events row.
 */
export function recordCallOnCaseTimeline(db: Db, caseId: number, text: string, at: string): boolean {
  if (!hasTable(db, "case_events")) return false;
  void text;
  void at;
  return false;
}

/**
 * A 12345 work order received through the exchange API becomes a report with
 * source '12345'. Returns the new report id, or null while the cases module is not
 * merged (the order is kept in exchange_orders and can be turned into a report then).
 */
export function createReportFromOrder(
  db: Db,
  order: { orderNo: string; callerPhone: string | null; callerName: string | null; content: string; address: string | null },
): number | null {
  if (!casesAvailable(db)) return null;
  void order;
  return null; // wired to the intake verb after `git merge cases`
}
