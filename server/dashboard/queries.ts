// 领导驾驶舱 figures: today and this month, trends, top categories, hot spots, hotline,
// overdue by department. Indexed aggregate queries plus one evaluation pass for the month.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { loadFacts } from "../evaluation/index.ts";
import { evaluateFacts } from "../evaluation/index.ts";
import { totalsOf, type Totals } from "../reports/index.ts";
import { periodOf, localDate, localMidnight, type Period } from "../evaluation/index.ts";
import { SOURCE_NAMES } from "../evaluation/index.ts";

export type Named = { name: string; n: number };
export type Dashboard = {
  today: Totals & { label: string };
  month: Totals & { label: string };
  period: Period;
  bySourceToday: Named[];
  bySourceMonth: Named[];
  trend: { day: string; reports: number; closed: number }[];
  topCategories: Named[];
  hotTowns: Named[];
  hotGrids: Named[];
  overdueByDept: Named[];
  deptRanking: { name: string; score: number | null; rank: number | null }[];
  hotline: { today: number; month: number; monthClosed: number };
  points: [number, number][];
};

/** The cockpit is read by many leaders at once and changes slowly: computed at most once a minute. */
const CACHE_MS = 60_000;
const cache = new WeakMap<Db, { at: number; data: Dashboard }>();

export function dashboardData(db: Db, now = new Date()): Dashboard {
  const hit = cache.get(db);
  if (hit && Math.abs(now.getTime() - hit.at) < CACHE_MS) return hit.data;
  const data = computeDashboard(db, now);
  cache.set(db, { at: now.getTime(), data });
  return data;
}

function computeDashboard(db: Db, now: Date): Dashboard {
  const todayP = periodOf("day", localDate(now));
  const monthP = periodOf("month", localDate(now));
  const todayFacts = loadFacts(db, todayP.from, todayP.to, now);
  const monthFacts = loadFacts(db, monthP.from, monthP.to, now);
  const src = (fs: typeof monthFacts) => {
    const m = new Map<string, number>();
    for (const f of fs) if (f.reportedIn) m.set(f.source, (m.get(f.source) ?? 0) + 1);
    return [...m].map(([k, n]) => ({ name: SOURCE_NAMES[k] ?? k, n })).sort((a, b) => b.n - a.n);
  };
  const from30 = new Date(localMidnight(localDate(now)) - 29 * 86400_000).toISOString();
  const trendRows = db.sqlite
    .query<{ day: string; reports: number; closed: number }, SQLQueryBindings[]>(
      `SELECT date(created_at, '+8 hours') AS day, COUNT(*) AS reports, SUM(state = 'closed') AS closed FROM cases WHERE created_at >= ? GROUP BY day ORDER BY day`,
    )
    .all(from30);
  const byDay = new Map(trendRows.map((r) => [r.day, r]));
  const trend = Array.from({ length: 30 }, (_, i) => {
    const day = localDate(Date.parse(from30) + i * 86400_000);
    const r = byDay.get(day);
    return { day, reports: r?.reports ?? 0, closed: r?.closed ?? 0 };
  });
  const q = (sql: string, ...args: any[]) => db.sqlite.query<Named, SQLQueryBindings[]>(sql).all(...args);
  const topCategories = q(
    `SELECT COALESCE(k.small_name, '未分类') AS name, COUNT(*) AS n FROM cases c LEFT JOIN categories k ON k.id = c.category_id
      WHERE c.created_at >= ? AND c.created_at < ? GROUP BY c.category_id ORDER BY n DESC LIMIT 10`,
    monthP.from,
    monthP.to,
  );
  const hotTowns = q(
    `SELECT COALESCE(r.name, '未定位') AS name, COUNT(*) AS n FROM cases c LEFT JOIN regions r ON r.id = c.town_id
      WHERE c.created_at >= ? AND c.created_at < ? GROUP BY c.town_id ORDER BY n DESC LIMIT 10`,
    monthP.from,
    monthP.to,
  );
  const hotGrids = q(
    `SELECT g.code AS name, COUNT(*) AS n FROM cases c JOIN grids g ON g.id = c.grid_id
      WHERE c.created_at >= ? AND c.created_at < ? GROUP BY c.grid_id ORDER BY n DESC LIMIT 10`,
    monthP.from,
    monthP.to,
  );
  const overdueByDept = q(
    `SELECT COALESCE(d.name, '未派遣') AS name, COUNT(*) AS n FROM cases c LEFT JOIN departments d ON d.id = c.department_id
      WHERE c.state IN ('dispatched','in_progress') AND c.due_at < ? GROUP BY c.department_id ORDER BY n DESC LIMIT 12`,
    now.toISOString(),
  );
  const depts = evaluateFacts(db, "department", monthP, monthFacts);
  const points = db.sqlite
    .query<{ lng: number; lat: number }, SQLQueryBindings[]>(
      `SELECT lng, lat FROM cases WHERE created_at >= ? AND created_at < ? AND lng IS NOT NULL AND lat IS NOT NULL LIMIT 5000`,
    )
    .all(monthP.from, monthP.to)
    .map((p) => [Math.round(p.lng * 1e5) / 1e5, Math.round(p.lat * 1e5) / 1e5] as [number, number]);
  return {
    today: { ...totalsOf(todayFacts), label: todayP.label },
    month: { ...totalsOf(monthFacts), label: monthP.label },
    period: monthP,
    bySourceToday: src(todayFacts),
    bySourceMonth: src(monthFacts),
    trend,
    topCategories,
    hotTowns,
    hotGrids,
    overdueByDept,
    deptRanking: depts.rows
      .filter((r) => r.ranked)
      .slice(0, 10)
      .map((r) => ({ name: r.name, score: r.score, rank: r.rank })),
    hotline: {
      today: todayFacts.filter((f) => f.reportedIn && f.source === "hotline").length,
      month: monthFacts.filter((f) => f.reportedIn && f.source === "hotline").length,
      monthClosed: monthFacts.filter((f) => f.reportedIn && f.source === "hotline" && f.closed).length,
    },
    points,
  };
}
