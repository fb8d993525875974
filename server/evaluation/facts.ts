import { tx, type Db } from "../core/db.ts";
import { getSetting } from "../core/settings.ts";

export type Attempt = {
  dept: number;
  start: string;
  due: string | null;
  done: string | null;
  returned: boolean;
  overdue: boolean;
  rework: number;
  /** A return the department successfully objected to: not charged as 回退. */
  returnExempt: boolean;
  /** When the return was approved. */
  returnedAt: string | null;
  /** In the period's 应处置 by the membership rule (finished in it, or still open at its end and due in it). */
  inPeriod: boolean;
};
export type Task = { user: number | null; at: string; onTime: boolean };
/**
 * The evaluation window. Membership rule (standards.md §4.5): a task or case enters a period's
 * 应处置/应结案 when it was finished in the period, or when it was still unfinished at the end of
 * the period (for the running period: now) and its deadline fell in the period. An open case
 * whose deadline has not passed yet is in no denominator.
 */
export type Window = { from: string; to: string; cut: string };
export type Fact = {
  id: number;
  no: string;
  source: string;
  state: string;
  town: number;
  grid: number | null;
  category: number | null;
  dept: number | null; // current responsible department
  inspector: number | null;
  reporter: number | null;
  created: string;
  description: string;
  address: string | null;
  filed: boolean;
  filedBy: Task | null;
  decidedBy: number | null; // file / reject / merge (受理)
  decidedAt: string | null;
  cancelled: boolean;
  closed: boolean;
  closedAt: string | null;
  suspendedEver: boolean;
  extensions: number;
  attempts: Attempt[];
  dispatches: (Task & { attempt: number })[];
  verifyRequests: Task[];
  verifies: Task[];
  checkRequests: Task[];
  checks: Task[];
  /** The case's current stage deadline (cases.due_at). */
  dueAt: string | null;
  /** Index of the attempt still with its department (not finished, not returned), or −1. */
  tail: number;
  /** A verified (filed) report from a 监督举报 source (setting eval.public_sources). */
  publicReport: boolean;
  /** Inspectors of the responsibility grid the case lies in: a public report there is their 漏报. */
  missedBy: number[];
  /** Reported (created) in the period: 上报/立案 counts go by report date. */
  reportedIn: boolean;
  /** In the period's 应结案 by the membership rule. */
  closeDue: boolean;
  /** Verify/check still pending with its deadline passed inside the period (counts as late). */
  pendingLate: "verify" | "check" | null;
  win: Window;
};

/** t lies in [from, to). */
export const inWin = (w: Window, t: string | null | undefined): t is string => !!t && t >= w.from && t < w.to;
/** Finished in the window, or unfinished at its end (cut) with the deadline inside it. */
export function member(w: Window, done: string | null, due: string | null): boolean {
  if (done !== null && done < w.to) return done >= w.from;
  return due !== null && due >= w.from && due < w.cut;
}

const STAGE: Record<string, string | null> = {
  reported: "file",
  verifying: "verify",
  filed: "dispatch",
  dispatched: "dispose",
  in_progress: "dispose",
  checking: "check",
};
const DISPOSE = new Set(["dispatched", "in_progress"]);

type CaseRowLite = {
  id: number;
  no: string;
  source: string;
  state: string;
  town_id: number | null;
  grid_id: number | null;
  category_id: number | null;
  department_id: number | null;
  inspector_id: number | null;
  reported_by: number | null;
  created_at: string;
  filed_at: string | null;
  closed_at: string | null;
  due_at: string | null;
  description: string;
  address: string | null;
};
type EventLite = {
  case_id: number;
  id: number;
  at: string;
  action: string;
  from_state: string | null;
  to_state: string;
  user_id: number | null;
  due: string | null;
  due_type: string | null;
  dept: number | null;
};

/** Accepted objections: caseId → set of "deptId:indicator". */
export type Exemptions = Map<number, Set<string>>;

export function loadExemptions(db: Db): Exemptions {
  const m: Exemptions = new Map();
  for (const r of db.sqlite
    .query<{ case_id: number; department_id: number; indicator: string }, []>(
      "SELECT case_id, department_id, indicator FROM eval_objections WHERE status = 'accepted'",
    )
    .all()) {
    let s = m.get(r.case_id);
    if (!s) m.set(r.case_id, (s = new Set()));
    s.add(`${r.department_id}:${r.indicator}`);
  }
  return m;
}

/** 监督举报 sources by default (standards.md §5.1: verified reports from the public, hotline/12345, media). */
export const DEFAULT_WHISTLE_SOURCES = ["citizen", "hotline", "media"];
type LoadContext = { sources: Set<string>; gridInspectors: Map<number, number[]> };
/** The sources counted as 监督举报 (setting eval.public_sources, comma-separated) and each unit grid's inspectors. */
export function loadContext(db: Db): LoadContext {
  const raw = getSetting(db, "eval.public_sources").trim();
  const sources = new Set(raw ? raw.split(/[,，\s]+/).filter(Boolean) : DEFAULT_WHISTLE_SOURCES);
  const gridInspectors = new Map<number, number[]>();
  for (const r of db.sqlite
    .query<{ grid_id: number; user_id: number }, []>(
      "SELECT DISTINCT u.grid_id, i.user_id FROM resp_grid_units u JOIN resp_grid_inspectors i ON i.resp_grid_id = u.resp_grid_id",
    )
    .all()) {
    let l = gridInspectors.get(r.grid_id);
    if (!l) gridInspectors.set(r.grid_id, (l = []));
    l.push(r.user_id);
  }
  return { sources, gridInspectors };
}

const OPEN = new Set(["reported", "verifying", "filed", "dispatched", "in_progress", "checking", "to_close"]);
const CASE_COLS =
  "id, no, source, state, town_id, grid_id, category_id, department_id, inspector_id, reported_by, created_at, filed_at, closed_at, due_at, description, address";

/** Base facts (period-independent) of the given cases, built from the case rows and their timelines. */
export function buildFacts(db: Db, ids: number[]): { fact: Fact; lastAt: string; open: boolean }[] {
  const out: { fact: Fact; lastAt: string; open: boolean }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = JSON.stringify(ids.slice(i, i + 500));
    const rows = db.sqlite
      .query<CaseRowLite, [string]>(`SELECT ${CASE_COLS} FROM cases WHERE id IN (SELECT value FROM json_each(?))`)
      .all(chunk);
    const events = db.sqlite
      .query<EventLite & { data: string | null }, [string]>(
        `SELECT e.case_id, e.id, e.at, e.action, e.from_state, e.to_state, e.user_id, e.data
           FROM case_events e WHERE e.case_id IN (SELECT value FROM json_each(?)) ORDER BY e.case_id, e.id`,
      )
      .all(chunk);
    const byCase = new Map<number, EventLite[]>();
    for (const e of events) {
      // Parsed in JS: much cheaper than json_extract per row in SQL.
      const d = e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null;
      e.due_type = d && "due_at" in d ? (d.due_at === null ? "null" : "text") : null;
      e.due = d && typeof d.due_at === "string" ? d.due_at : null;
      e.dept = d && typeof d.departmentId === "number" ? d.departmentId : null;
      e.data = null;
      let l = byCase.get(e.case_id);
      if (!l) byCase.set(e.case_id, (l = []));
      l.push(e);
    }
    for (const r of rows) {
      if (r.state === "merged") continue;
      const evs = byCase.get(r.id) ?? [];
      let lastAt = r.closed_at ?? r.created_at;
      for (const e of evs) if (e.at > lastAt) lastAt = e.at;
      out.push({ fact: buildFact(r, evs), lastAt, open: OPEN.has(r.state) });
    }
  }
  return out;
}

const markOf = (db: Db) =>
  db.sqlite.query<{ event_id: number }, []>("SELECT event_id FROM case_facts_mark WHERE id = 1").get()?.event_id ?? 0;

function storeFacts(db: Db, built: ReturnType<typeof buildFacts>, ids: number[]) {
  const del = db.sqlite.query("DELETE FROM case_facts WHERE case_id = ?");
  for (const id of ids) del.run(id); // merged cases leave no fact
  const ins = db.sqlite.query(
    "INSERT OR REPLACE INTO case_facts (case_id, created_at, last_at, open, fact) VALUES (?, ?, ?, ?, ?)",
  );
  for (const b of built) ins.run(b.fact.id, b.fact.created, b.lastAt, b.open ? 1 : 0, JSON.stringify(b.fact));
}

/**
 * The timeline door's listener (registered in index.ts through cases' onTimeline): rebuilds the
 * case's fact in the door's transaction and moves the mark when no event was skipped.
 */
export function onCaseEvent(db: Db, caseId: number, eventId: number) {
  storeFacts(db, buildFacts(db, [caseId]), [caseId]);
  db.sqlite.query("UPDATE case_facts_mark SET event_id = ?1 WHERE id = 1 AND event_id = ?1 - 1").run(eventId);
}

/**
 * Catch up: rebuild the facts of every case with timeline rows past the mark (the bulk history
 * door, the migration's backfill). On a read-only connection the rebuilt facts are returned
 * without being stored. Returns the rebuilt facts by case id.
 */
export function refreshFacts(db: Db): Map<number, Fact> {
  const mark = markOf(db);
  const top = db.sqlite.query<{ m: number | null }, []>("SELECT MAX(id) AS m FROM case_events").get()?.m ?? 0;
  const fresh = new Map<number, Fact>();
  if (top <= mark) return fresh;
  const ids = db.sqlite
    .query<{ id: number }, [number]>("SELECT DISTINCT case_id AS id FROM case_events WHERE id > ?")
    .all(mark)
    .map((r) => r.id);
  const built = buildFacts(db, ids);
  for (const b of built) fresh.set(b.fact.id, b.fact);
  try {
    tx(db, () => {
      storeFacts(db, built, ids);
      db.sqlite.query("UPDATE case_facts_mark SET event_id = ? WHERE id = 1 AND event_id = ?").run(top, mark);
    });
    fresh.clear();
  } catch {
    /* read-only connection: use the rebuilt facts in memory */
  }
  return fresh;
}

/**
 * Facts for every case that can count in [from, to) as of `now`: reported before its end and
 * either still open or with an event (or its close) at or after its start. One indexed read of
 * case_facts; merged duplicates have no fact.
 */
export function loadFacts(db: Db, from: string, to: string, now = new Date()): Fact[] {
  const fresh = refreshFacts(db);
  const rows = db.sqlite
    .query<{ fact: string }, [string, string]>(
      `SELECT fact FROM case_facts WHERE created_at >= ?1 AND created_at < ?2
       UNION ALL SELECT fact FROM case_facts INDEXED BY case_facts_last WHERE last_at >= ?1 AND created_at < ?1
       UNION ALL SELECT fact FROM case_facts WHERE open = 1 AND created_at < ?1 AND last_at < ?1`,
    )
    .all(from, to);
  const ex = loadExemptions(db);
  const ctx = loadContext(db);
  const nowIso = now.toISOString();
  const win: Window = { from, to, cut: nowIso < to ? nowIso : to };
  const out: Fact[] = [];
  for (const r of rows) {
    let f = JSON.parse(r.fact) as Fact;
    f = fresh.get(f.id) ?? f;
    fresh.delete(f.id);
    out.push(finishFact(f, ex.get(f.id), nowIso, win, ctx));
  }
  for (const f of fresh.values())
    if (f.created < to && (OPEN.has(f.state) || (f.closedAt ?? f.created) >= from))
      out.push(finishFact(f, ex.get(f.id), nowIso, win, ctx));
  return out;
}

function buildFact(r: CaseRowLite, evs: EventLite[]): Fact {
  for (let i = 1; i < evs.length; i++)
    if (evs[i]!.id < evs[i - 1]!.id) {
      evs.sort((a, b) => a.id - b.id);
      break;
    }
  const f: Fact = {
    id: r.id,
    no: r.no,
    source: r.source,
    state: r.state,
    town: r.town_id ?? 0,
    grid: r.grid_id,
    category: r.category_id,
    dept: r.department_id,
    inspector: r.inspector_id,
    reporter: r.reported_by,
    created: r.created_at,
    description: r.description,
    address: r.address,
    filed: r.filed_at !== null && r.state !== "rejected",
    filedBy: null,
    decidedBy: null,
    decidedAt: null,
    cancelled: r.state === "cancelled",
    closed: r.state === "closed",
    closedAt: r.closed_at,
    suspendedEver: r.state === "suspended",
    extensions: 0,
    attempts: [],
    dispatches: [],
    verifyRequests: [],
    verifies: [],
    checkRequests: [],
    checks: [],
    dueAt: r.due_at,
    tail: -1,
    publicReport: false,
    missedBy: [],
    reportedIn: false,
    closeDue: false,
    pendingLate: null,
    win: { from: "", to: "", cut: "" },
  };
  let due: string | null = null;
  let stageOverdue = false;
  let cur: Attempt | null = null;
  for (const e of evs) {
    const at = e.at;
    const onTime = !stageOverdue && (due === null || at <= due);
    const task = (): Task => ({ user: e.user_id, at, onTime });
    switch (e.action) {
      case "overdue":
        stageOverdue = true;
        if (cur && !cur.done && e.from_state && DISPOSE.has(e.from_state)) cur.overdue = true;
        break;
      case "request_verify":
        f.verifyRequests.push(task());
        break;
      case "verified":
        f.verifies.push(task());
        break;
      case "file":
        f.filed = true;
        f.filedBy = task();
        f.decidedBy = e.user_id;
        f.decidedAt = at;
        break;
      case "reject":
      case "merge":
        f.decidedBy = e.user_id;
        f.decidedAt = at;
        break;
      case "approve_cancel":
        f.cancelled = true;
        break;
      case "dispatch":
        cur = {
          dept: e.dept ?? r.department_id ?? 0,
          start: at,
          due: null,
          done: null,
          returned: false,
          overdue: false,
          rework: 0,
          returnExempt: false,
          returnedAt: null,
          inPeriod: false,
        };
        f.attempts.push(cur);
        f.dispatches.push({ ...task(), attempt: f.attempts.length - 1 });
        break;
      case "sub_dispatch":
        if (cur && e.dept) cur.dept = e.dept;
        break;
      case "approve_return":
        if (cur) {
          cur.returned = true;
          cur.returnedAt = at;
          cur = null;
        }
        break;
      case "approve_extend":
        f.extensions++;
        break;
      case "approve_suspend":
        f.suspendedEver = true;
        break;
      case "complete":
        if (cur) {
          cur.done = at;
          if (cur.due && at > cur.due) cur.overdue = true;
        }
        break;
      case "send_check":
        f.checkRequests.push(task());
        break;
      case "check_pass":
        f.checks.push(task());
        break;
      case "check_fail":
        f.checks.push(task());
        if (cur) {
          cur.rework++;
          cur.done = null;
        }
        break;
    }
    if (e.due_type !== null) due = e.due; // the event carried a (possibly null) new deadline
    if (cur && !cur.done && DISPOSE.has(e.to_state) && e.due_type !== null) cur.due = e.due;
    const fromStage = e.from_state ? (STAGE[e.from_state] ?? null) : null;
    const toStage = STAGE[e.to_state] ?? null;
    if (fromStage !== toStage || e.action === "check_fail") stageOverdue = false;
  }
  if (cur && !cur.done && !cur.returned && DISPOSE.has(r.state)) f.tail = f.attempts.indexOf(cur);
  return f;
}

/** The period- and time-dependent part of a fact: late open work, membership, accepted objections. */
function finishFact(f: Fact, exempt: Set<string> | undefined, now: string, win: Window, ctx: LoadContext): Fact {
  f.win = win;
  f.publicReport = f.filed && ctx.sources.has(f.source);
  f.missedBy = (f.grid !== null && ctx.gridInspectors.get(f.grid)) || [];
  f.reportedIn = inWin(win, f.created);
  // Still with the department past its deadline: 超时未处置.
  const cur = f.tail >= 0 ? f.attempts[f.tail] : undefined;
  if (cur) {
    const d = f.dueAt ?? cur.due;
    if (d && d < now) cur.overdue = true;
  }
  for (const a of f.attempts) a.inPeriod = member(win, a.done ?? (f.closed ? f.closedAt : null), a.due);
  // The case's deadline for 应结案: its last disposal deadline, else its current stage deadline.
  const last = f.attempts.filter((a) => !a.returned).at(-1);
  f.closeDue = member(win, f.closed ? f.closedAt : null, last?.due ?? f.dueAt);
  if ((f.state === "verifying" || f.state === "checking") && f.dueAt && f.dueAt >= win.from && f.dueAt < win.cut)
    f.pendingLate = f.state === "verifying" ? "verify" : "check";
  if (exempt) {
    for (const a of f.attempts) {
      if (exempt.has(`${a.dept}:overdue`)) a.overdue = false;
      if (exempt.has(`${a.dept}:rework`)) a.rework = 0;
      if (exempt.has(`${a.dept}:return`) && a.returned) a.returnExempt = true;
    }
  }
  return f;
}

/** The department's attempts that count for it (returned ones are void for it). */
export const liveAttempts = (f: Fact, dept: number) => f.attempts.filter((a) => a.dept === dept && !a.returned);
