// What a 日报/周报/月报 contains: totals and rates, reports by source, top categories,
// region and department rankings, the worst overdue cases. One pass over the period's facts.
import type { Db } from "../core/db.ts";
import { getSetting } from "../core/settings.ts";
import { loadFacts, liveAttempts, inWin, type Fact } from "../evaluation/index.ts";
import { evaluateFacts, type Evaluation } from "../evaluation/index.ts";
import { previousPeriod, periodOf, localDate, type Period, type PeriodKind } from "../evaluation/index.ts";
import { SOURCE_NAMES } from "../evaluation/index.ts";

export type ReportKind = "daily" | "weekly" | "monthly";
export const REPORT_NAMES: Record<ReportKind, string> = { daily: "日报", weekly: "周报", monthly: "月报" };
export const REPORT_PERIOD: Record<ReportKind, PeriodKind> = { daily: "day", weekly: "week", monthly: "month" };

export type Totals = {
  reports: number;
  filed: number;
  dispatched: number;
  closed: number;
  onTimeClosed: number;
  shouldClose: number;
  overdue: number;
  rework: number;
  returns: number;
  suspended: number;
  cancelled: number;
};
export type ReportData = {
  kind: ReportKind;
  county: string;
  period: Period;
  previous: Period;
  totals: Totals;
  prevTotals: Totals;
  bySource: { name: string; n: number }[];
  topCategories: { name: string; n: number }[];
  regions: Evaluation;
  departments: Evaluation;
  worstOverdue: {
    id: number;
    no: string;
    dept: string;
    address: string;
    description: string;
    created: string;
    overdueHours: number;
    state: string;
  }[];
  daily: { day: string; reports: number; closed: number }[];
  generatedAt: string;
};

/** Period totals with the evaluation's membership rule (counts by event time, 应结案 by deadline or close). */
export function totalsOf(facts: Fact[]): Totals {
  const t: Totals = {
    reports: 0,
    filed: 0,
    dispatched: 0,
    closed: 0,
    onTimeClosed: 0,
    shouldClose: 0,
    overdue: 0,
    rework: 0,
    returns: 0,
    suspended: 0,
    cancelled: 0,
  };
  for (const f of facts) {
    const w = f.win;
    const closedIn = f.closed && inWin(w, f.closedAt);
    if (f.reportedIn) t.reports++;
    if (f.reportedIn && f.filed) t.filed++;
    if (f.attempts.some((a) => inWin(w, a.start))) t.dispatched++;
    if (closedIn) t.closed++;
    if (closedIn && f.attempts.every((a) => a.returned || !a.overdue)) t.onTimeClosed++;
    if (f.filed && !f.cancelled && f.state !== "suspended" && f.closeDue) t.shouldClose++;
    if (f.attempts.some((a) => !a.returned && a.inPeriod && a.overdue)) t.overdue++;
    if (f.attempts.some((a) => a.inPeriod && a.rework > 0)) t.rework++;
    if (f.attempts.some((a) => a.returned && inWin(w, a.returnedAt))) t.returns++;
    if (f.reportedIn && f.state === "suspended") t.suspended++;
    if (f.reportedIn && f.cancelled) t.cancelled++;
  }
  return t;
}

export function reportData(db: Db, kind: ReportKind, period: Period, now = new Date()): ReportData {
  const facts = loadFacts(db, period.from, period.to, now);
  const prev = previousPeriod(period);
  const prevFacts = loadFacts(db, prev.from, prev.to, now);
  const src = new Map<string, number>();
  const cat = new Map<number, number>();
  for (const f of facts) {
    if (!f.reportedIn) continue;
    src.set(f.source, (src.get(f.source) ?? 0) + 1);
    if (f.category) cat.set(f.category, (cat.get(f.category) ?? 0) + 1);
  }
  const catNames = new Map(
    db.sqlite
      .query<{ id: number; name: string }, []>("SELECT id, big_name || ' · ' || small_name AS name FROM categories")
      .all()
      .map((c) => [c.id, c.name]),
  );
  const deptNames = new Map(
    db.sqlite
      .query<{ id: number; name: string }, []>("SELECT id, name FROM departments")
      .all()
      .map((d) => [d.id, d.name]),
  );
  const nowMs = now.getTime();
  const worst = facts
    .filter((f) => f.attempts.some((a) => !a.returned && a.inPeriod && a.overdue))
    .map((f) => {
      const a = f.dept
        ? (liveAttempts(f, f.dept).find((x) => x.overdue) ?? f.attempts.find((x) => x.overdue)!)
        : f.attempts.find((x) => x.overdue)!;
      const end = a.done ? Date.parse(a.done) : nowMs;
      const hours = a.due ? Math.max(0, (end - Date.parse(a.due)) / 3600_000) : 0;
      return {
        id: f.id,
        no: f.no,
        dept: deptNames.get(a.dept) ?? "—",
        address: f.address ?? "",
        description: f.description.slice(0, 40),
        created: f.created,
        overdueHours: Math.round(hours * 10) / 10,
        state: f.state,
      };
    })
    .sort((a, b) => b.overdueHours - a.overdueHours)
    .slice(0, 10);
  const daily: ReportData["daily"] = [];
  if (kind !== "daily") {
    const byDay = new Map<string, { reports: number; closed: number }>();
    for (let t = Date.parse(period.from); t < Math.min(Date.parse(period.to), nowMs); t += 86400_000)
      byDay.set(localDate(t), { reports: 0, closed: 0 });
    for (const f of facts) {
      const d = byDay.get(localDate(Date.parse(f.created)));
      if (d) {
        d.reports++;
        if (f.closed) d.closed++;
      }
    }
    for (const [day, v] of byDay) daily.push({ day, ...v });
  }
  return {
    kind,
    county: getSetting(db, "county.name"),
    period,
    previous: prev,
    totals: totalsOf(facts),
    prevTotals: totalsOf(prevFacts),
    bySource: [...src].map(([k, n]) => ({ name: SOURCE_NAMES[k] ?? k, n })).sort((a, b) => b.n - a.n),
    topCategories: [...cat]
      .map(([id, n]) => ({ name: catNames.get(id) ?? `类别 ${id}`, n }))
      .sort((a, b) => b.n - a.n)
      .slice(0, 10),
    regions: evaluateFacts(db, "region", period, facts),
    departments: evaluateFacts(db, "department", period, facts),
    worstOverdue: worst,
    daily,
    generatedAt: now.toISOString(),
  };
}

/** The last complete period of a kind before `now` (what the nightly job reports on). */
export function lastCompletePeriod(kind: ReportKind, now = new Date()): Period | null {
  const yesterday = localDate(now.getTime() - 86400_000);
  const p = periodOf(REPORT_PERIOD[kind], yesterday);
  return p.end === yesterday ? p : null;
}
