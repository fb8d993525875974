// The working calendar as stored: weekly hours in settings + dated exceptions in calendar_days.
// loadCalendar(db) is cached per database and invalidated by the calendar verbs.
import type { Db } from "../core/db.ts";
import { onCommit } from "../core/db.ts";
import { getSetting } from "../core/settings.ts";
import { compileCalendar, type CompiledCalendar, type WorkCalendar, type WorkPeriod } from "../core/calendar.ts";

/** settings keys: periods as "08:30-12:00,14:00-17:30"; weekdays as ISO numbers "1,2,3,4,5". */
export const PERIODS_KEY = "calendar.periods";
export const WEEKDAYS_KEY = "calendar.weekdays";
export const DEFAULT_PERIODS = "08:30-12:00,14:00-17:30";
export const DEFAULT_WEEKDAYS = "1,2,3,4,5";

export function parsePeriods(s: string): WorkPeriod[] | null {
  const out: WorkPeriod[] = [];
  for (const part of s.split(/[,，\s]+/).filter(Boolean)) {
    const m = /^(\d{2}):(\d{2})\s*[-–~]\s*(\d{2}):(\d{2})$/.exec(part.trim());
    if (!m) return null;
    const a = Number(m[1]) * 60 + Number(m[2]);
    const b = Number(m[3]) * 60 + Number(m[4]);
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || b > 24 * 60 || a >= b) return null;
    if (out.length && a < toMin(out[out.length - 1]!.end)) return null;
    out.push({ start: `${m[1]}:${m[2]}`, end: `${m[3]}:${m[4]}` });
  }
  return out.length ? out : null;
}
const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function parseWeekdays(s: string): number[] | null {
  const ds = s
    .split(/[,，\s]+/)
    .filter(Boolean)
    .map(Number);
  if (!ds.length || ds.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return null;
  return [...new Set(ds)].sort();
}

const cache = new WeakMap<Db, { cal: WorkCalendar; compiled: CompiledCalendar }>();

function load(db: Db) {
  const hit = cache.get(db);
  if (hit) return hit;
  const periods = parsePeriods(getSetting(db, PERIODS_KEY) || DEFAULT_PERIODS) ?? parsePeriods(DEFAULT_PERIODS)!;
  const weekdays = parseWeekdays(getSetting(db, WEEKDAYS_KEY) || DEFAULT_WEEKDAYS) ?? [1, 2, 3, 4, 5];
  const days = db.sqlite
    .query<{ day: string; type: "holiday" | "workday" }, []>("SELECT day, type FROM calendar_days ORDER BY day")
    .all();
  const cal: WorkCalendar = {
    periods,
    weekdays,
    holidays: new Set(days.filter((d) => d.type === "holiday").map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.type === "workday").map((d) => d.day)),
  };
  const entry = { cal, compiled: compileCalendar(cal) };
  cache.set(db, entry);
  return entry;
}

/** The working calendar (hours, weekdays, holidays, 调休 workdays) for server/core/calendar.ts. Cached; do not mutate. */
export function loadCalendar(db: Db): WorkCalendar {
  return load(db).cal;
}

/** The same calendar precompiled: pass it to addTime/addWorkingTime/workingTimeBetween in hot loops. */
export function loadCompiledCalendar(db: Db): CompiledCalendar {
  return load(db).compiled;
}

/** Drop the cached calendar (after commit when called inside a transaction). */
export function invalidateCalendar(db: Db) {
  cache.delete(db);
  onCommit(db, () => cache.delete(db));
}
