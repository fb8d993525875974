// Evaluation periods in Asia/Shanghai: day, week (Mon–Sun), month, quarter, year, custom.
// A period is [from, to) as ISO instants plus a Chinese label and a stable key.
import { Validation } from "../core/errors.ts";
import type { Db } from "../core/db.ts";
import { getSetting } from "../core/settings.ts";

export type PeriodKind = "day" | "week" | "month" | "quarter" | "year" | "custom";
export type Period = {
  kind: PeriodKind;
  from: string;
  to: string;
  label: string;
  key: string;
  start: string;
  end: string;
};

export const PERIOD_NAMES: Record<PeriodKind, string> = {
  day: "日",
  week: "周",
  month: "月",
  quarter: "季度",
  year: "年",
  custom: "自定义",
};

const OFFSET = 8 * 3600_000;
const DAY = 86400_000;

/** YYYY-MM-DD (Shanghai) of an instant. */
export function localDate(t: Date | number): string {
  return new Date((typeof t === "number" ? t : t.getTime()) + OFFSET).toISOString().slice(0, 10);
}
/** Midnight Shanghai of a YYYY-MM-DD as epoch ms. */
export function localMidnight(d: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d + "T00:00:00Z")))
    throw Validation("eval.date", "日期格式应为 YYYY-MM-DD", { date: "日期格式应为 YYYY-MM-DD" });
  return Date.parse(d + "T00:00:00Z") - OFFSET;
}
const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

function make(kind: PeriodKind, startDay: string, endDayExcl: string, label: string, key: string): Period {
  const from = localMidnight(startDay);
  const to = localMidnight(endDayExcl);
  return { kind, from: iso(from), to: iso(to), label, key, start: startDay, end: localDate(to - 1) };
}

/** The period of the given kind containing the day `date` (custom: date..until inclusive). */
export function periodOf(kind: PeriodKind, date: string, until?: string): Period {
  localMidnight(date);
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  switch (kind) {
    case "day":
      return make(kind, date, ymd(y, m, d + 1), `${y}年${m}月${d}日`, date);
    case "week": {
      const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
      const mon = ymd(y, m, d - dow);
      const [wy, wm, wd] = mon.split("-").map(Number) as [number, number, number];
      const sun = ymd(wy, wm, wd + 6);
      // ISO week number from the Thursday of the week.
      const thu = new Date(Date.UTC(wy, wm - 1, wd + 3));
      const jan1 = Date.UTC(thu.getUTCFullYear(), 0, 1);
      const wk = Math.floor((thu.getTime() - jan1) / DAY / 7) + 1;
      return make(
        kind,
        mon,
        ymd(wy, wm, wd + 7),
        `${thu.getUTCFullYear()}年第${wk}周（${wm}月${wd}日—${Number(sun.slice(5, 7))}月${Number(sun.slice(8))}日）`,
        `${thu.getUTCFullYear()}-W${String(wk).padStart(2, "0")}`,
      );
    }
    case "month":
      return make(kind, ymd(y, m, 1), ymd(y, m + 1, 1), `${y}年${m}月`, `${y}-${String(m).padStart(2, "0")}`);
    case "quarter": {
      const q = Math.floor((m - 1) / 3);
      return make(kind, ymd(y, q * 3 + 1, 1), ymd(y, q * 3 + 4, 1), `${y}年第${q + 1}季度`, `${y}-Q${q + 1}`);
    }
    case "year":
      return make(kind, ymd(y, 1, 1), ymd(y + 1, 1, 1), `${y}年`, String(y));
    case "custom": {
      const u = until ?? date;
      localMidnight(u);
      if (u < date) throw Validation("eval.range", "结束日期不能早于开始日期", { to: "结束日期不能早于开始日期" });
      const [uy, um, ud] = u.split("-").map(Number) as [number, number, number];
      return make(kind, date, ymd(uy, um, ud + 1), `${date} 至 ${u}`, `${date}_${u}`);
    }
  }
}

/** The period just before: the previous calendar unit, or for custom the same number of days. */
export function previousPeriod(p: Period): Period {
  const prevDay = localDate(Date.parse(p.from) - 1);
  if (p.kind !== "custom") return periodOf(p.kind, prevDay);
  const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / DAY);
  return periodOf("custom", localDate(Date.parse(p.from) - days * DAY), prevDay);
}

/** From query parameters: period=month&date=2026-11-01 (or from/to for custom). Defaults: this month. */
export function periodFromQuery(q: Record<string, string | undefined>, now = new Date()): Period {
  const kind = (
    ["day", "week", "month", "quarter", "year", "custom"].includes(q.period ?? "") ? q.period : "month"
  ) as PeriodKind;
  if (kind === "custom") return periodOf("custom", q.from || localDate(now), q.to || q.from || localDate(now));
  return periodOf(kind, q.date || localDate(now));
}

export const periodQuery = (p: Period) =>
  p.kind === "custom" ? `period=custom&from=${p.start}&to=${p.end}` : `period=${p.kind}&date=${p.start}`;

/** The hour (Asia/Shanghai) the nightly reports are written: setting reports.hour, edited with the evaluation settings. */
export const DEFAULT_REPORT_HOUR = 1;
export function reportHour(db: Db): number {
  const v = getSetting(db, "reports.hour");
  const n = Number(v);
  return v !== "" && Number.isInteger(n) && n >= 0 && n <= 23 ? n : DEFAULT_REPORT_HOUR;
}
