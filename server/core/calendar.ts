import { splitCsvLine } from "./csv.ts";
/**
 * Working-time arithmetic for case time limits (处置时限), in Asia/Shanghai.
 *
 * Pure module: no DB, no server imports, no reliance on the machine's TZ.
 * Asia/Shanghai is UTC+8 all year (no DST since 1991), so every computation
 * works on epoch milliseconds shifted by +8 h; "local" below always means
 * Shanghai wall-clock time.
 *
 * Definitions (the contract the rest of Wanmi relies on):
 *
 * - A *working day* is a date whose ISO weekday is in `weekdays`, unless it is
 *   listed in `holidays`; a date listed in `workdays` (调休 make-up day) is a
 *   working day whatever its weekday. A date listed in both `holidays` and
 *   `workdays` is a data error; holidays win (the deadline moves later).
 * - *Working time* is time inside one of the daily `periods` of a working day.
 *   Periods are half-open wall-clock intervals [start, end).
 * - Units: "minute" and "hour" are working minutes/hours. A working "day"
 *   (工作日) is N × (working minutes per day) of working time — 7 h with the
 *   default periods. For a start inside working hours this is the same clock
 *   time N working days later (e.g. Mon 10:00 + 1 day = Tue 10:00); a start
 *   outside working hours first moves to the next period start, so
 *   Fri 18:00 + 1 day = Mon 17:30 (the end of Monday's working time).
 * - `addWorkingTime(cal, start, +x)` returns the EARLIEST instant t >= start
 *   such that `workingTimeBetween(cal, start, t) == x`. Consequences: a start
 *   outside working hours is clocked from the next period start; a result
 *   that lands exactly on the end of a period is that period's end (12:00,
 *   17:30), not the next period's start; an amount of 0 returns `start`
 *   unchanged. A negative amount returns the LATEST t <= start with
 *   `workingTimeBetween(cal, t, start) == -x`.
 * - `workingTimeBetween(cal, a, b)` is the working minutes in [a, b) (may be
 *   fractional if the instants are not minute-aligned), negative if b < a.
 *
 * Cost is O(log H) per call (H = number of holiday/make-up dates) plus an
 * O(log span) search for additions: spans of years never loop day by day.
 */

export type TimeUnit = "minute" | "hour" | "day";
export type TimeMode = "working" | "natural";

export interface WorkPeriod {
  /** "HH:MM" local wall-clock time, inclusive. */
  start: string;
  /** "HH:MM" local wall-clock time, exclusive; "24:00" allowed. */
  end: string;
}

export interface WorkCalendar {
  /** Daily working periods, e.g. 08:30–12:00 and 14:00–17:30. */
  periods: WorkPeriod[];
  /** ISO weekdays that are normally working days (1 = Monday … 7 = Sunday). */
  weekdays: number[];
  /** Days off even when their weekday is a working weekday ("YYYY-MM-DD"). */
  holidays: Set<string> | string[];
  /** 调休 make-up workdays, usually on weekends ("YYYY-MM-DD"). */
  workdays: Set<string> | string[];
}

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
  mode: TimeMode;
}

export type Instant = Date | number;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Asia/Shanghai offset from UTC; fixed, no DST. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Furthest an addition may search, in days (~2,700 years). */
const MAX_SEARCH_DAYS = 1_000_000;

export function defaultCalendar(): WorkCalendar {
  return {
    periods: [
      { start: "08:30", end: "12:00" },
      { start: "14:00", end: "17:30" },
    ],
    weekdays: [1, 2, 3, 4, 5],
    holidays: [],
    workdays: [],
  };
}

// ---------------------------------------------------------------------------
// Date helpers (local = Shanghai)

function toMs(t: Instant): number {
  const ms = typeof t === "number" ? t : t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid instant");
  return ms;
}

/** Local day number: days since 1970-01-01 (Shanghai). */
function localDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day number. 1970-01-01 was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a "YYYY-MM-DD" string, or null if malformed or not a real date. */
export function parseLocalDate(s: string): number | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** "YYYY-MM-DD" of a local day number. */
export function formatLocalDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Shanghai local date ("YYYY-MM-DD") of an instant. */
export function shanghaiDate(t: Instant): string {
  return formatLocalDate(localDay(toMs(t)));
}

/**
 * Instant of a Shanghai wall-clock time. `shanghaiTime("2026-10-09 08:30")`
 * or with seconds; handy for tests and imports.
 */
export function shanghaiTime(s: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) throw new RangeError(`not a local time "YYYY-MM-DD HH:MM": ${s}`);
  const day = parseLocalDate(m[1]!);
  const h = Number(m[2]);
  const mi = Number(m[3]);
  const sec = Number(m[4] ?? 0);
  if (day === null || h > 23 || mi > 59 || sec > 59) throw new RangeError(`invalid local time: ${s}`);
  return new Date(day * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + sec * 1000 - SHANGHAI_OFFSET_MS);
}

/** "YYYY-MM-DD HH:MM" (":SS" and ".mmm" added when non-zero) of an instant, in Shanghai time. */
export function formatShanghai(t: Instant): string {
  const iso = new Date(toMs(t) + SHANGHAI_OFFSET_MS).toISOString();
  const sec = iso.slice(17, 19);
  const milli = iso.slice(20, 23);
  let out = iso.slice(0, 10) + " " + iso.slice(11, 16);
  if (sec !== "00" || milli !== "000") out += ":" + sec;
  if (milli !== "000") out += "." + milli;
  return out;
}

// ---------------------------------------------------------------------------
// Compiled calendar

const COMPILED = Symbol("compiledCalendar");

export interface CompiledCalendar {
  readonly [COMPILED]: true;
  /** Periods as [startMs, endMs) offsets from local midnight, sorted. */
  readonly periods: ReadonlyArray<readonly [number, number]>;
  /** Working ms in one working day. */
  readonly dayMs: number;
  /** nominal[w] for w = (day mod 7): working by weekday rule. */
  readonly nominal: readonly boolean[];
  /** Nominal working days per 7-day week. */
  readonly perWeek: number;
  /** prefix[r] = nominal working days among day residues 0..r-1 (day ≡ 0 mod 7 is a Thursday). */
  readonly prefix: readonly number[];
  /** Day numbers whose status differs from the weekday rule, sorted. */
  readonly exDays: Float64Array;
  /** Cumulative delta (+1 make-up, −1 holiday) of exDays[0..i-1]; length exDays.length + 1. */
  readonly exCum: Int32Array;
  readonly holidays: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
}

function parseClock(s: string, what: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`${what}: expected "HH:MM", got ${JSON.stringify(s)}`);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi !== 0)) throw new RangeError(`${what}: invalid time ${s}`);
  return h * HOUR_MS + mi * MINUTE_MS;
}

function dateSet(list: Set<string> | string[], what: string): Set<number> {
  const out = new Set<number>();
  for (const s of list) {
    const d = parseLocalDate(s);
    if (d === null) throw new RangeError(`${what}: invalid date ${JSON.stringify(s)}`);
    out.add(d);
  }
  return out;
}

/**
 * Validate and precompute a calendar. Every function here accepts either a
 * plain `WorkCalendar` (compiled on each call, cheap for calendars of a few
 * hundred dates) or the result of this function (reuse it in hot loops).
 * Throws RangeError on malformed periods, weekdays or dates.
 */
export function compileCalendar(cal: WorkCalendar | CompiledCalendar): CompiledCalendar {
  if (COMPILED in cal) return cal;
  const periods = cal.periods
    .map(
      (p, i) =>
        [parseClock(p.start, `period ${i + 1} start`), parseClock(p.end, `period ${i + 1} end`)] as [number, number],
    )
    .sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < periods.length; i++) {
    const [s, e] = periods[i]!;
    if (e <= s) throw new RangeError(`period ${i + 1}: end must be after start`);
    if (i > 0 && s < periods[i - 1]![1]) throw new RangeError(`periods overlap`);
  }
  const dayMs = periods.reduce((acc, [s, e]) => acc + (e - s), 0);
  const nominal: boolean[] = [];
  for (const w of cal.weekdays) {
    if (!Number.isInteger(w) || w < 1 || w > 7) throw new RangeError(`weekday must be 1..7, got ${w}`);
  }
  const wd = new Set(cal.weekdays);
  for (let r = 0; r < 7; r++) nominal.push(wd.has(isoWeekday(r)));
  const prefix = [0];
  for (let r = 0; r < 7; r++) prefix.push(prefix[r]! + (nominal[r] ? 1 : 0));
  const holidays = dateSet(cal.holidays, "holidays");
  const workdays = dateSet(cal.workdays, "workdays");
  const ex: [number, number][] = [];
  for (const d of holidays) if (nominal[mod7(d)]) ex.push([d, -1]);
  for (const d of workdays) if (!holidays.has(d) && !nominal[mod7(d)]) ex.push([d, +1]);
  ex.sort((a, b) => a[0] - b[0]);
  const exDays = new Float64Array(ex.length);
  const exCum = new Int32Array(ex.length + 1);
  for (let i = 0; i < ex.length; i++) {
    exDays[i] = ex[i]![0];
    exCum[i + 1] = exCum[i]! + ex[i]![1];
  }
  return {
    [COMPILED]: true,
    periods,
    dayMs,
    nominal,
    perWeek: prefix[7]!,
    prefix,
    exDays,
    exCum,
    holidays,
    workdays,
  };
}

function mod7(d: number): number {
  return ((d % 7) + 7) % 7;
}

function dayIsWorking(c: CompiledCalendar, day: number): boolean {
  if (c.holidays.has(day)) return false;
  if (c.workdays.has(day)) return true;
  return c.nominal[mod7(day)]!;
}

/** Number of exDays strictly below `day`. */
function exBelow(c: CompiledCalendar, day: number): number {
  let lo = 0;
  let hi = c.exDays.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.exDays[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Signed cumulative count of working days before `day`, relative to day 0:
 * W(d2) − W(d1) = number of working days in [d1, d2). Monotone non-decreasing.
 */
function workingDaysBefore(c: CompiledCalendar, day: number): number {
  const weeks = Math.floor(day / 7);
  const r = day - weeks * 7;
  return weeks * c.perWeek + c.prefix[r]! + c.exCum[exBelow(c, day)]!;
}

/** Working ms of a working day elapsed by local offset `t` (0..DAY_MS). */
function workedInDay(c: CompiledCalendar, t: number): number {
  let acc = 0;
  for (const [s, e] of c.periods) {
    if (t <= s) break;
    acc += Math.min(t, e) - s;
  }
  return acc;
}

/**
 * Local offset within a working day at which `rem` working ms (0 < rem < dayMs,
 * or rem == 0 / dayMs at the edges) have elapsed. `earliest` picks a period
 * end over the next period's start when both qualify.
 */
function offsetForWorked(c: CompiledCalendar, rem: number, earliest: boolean): number {
  let acc = 0;
  for (const [s, e] of c.periods) {
    const len = e - s;
    if (earliest ? rem <= acc + len : rem < acc + len) return s + (rem - acc);
    acc += len;
  }
  // Only reached for !earliest with rem == dayMs: the end of the last period.
  return c.periods[c.periods.length - 1]![1];
}

/** F(t): signed cumulative working ms up to instant t, relative to an arbitrary origin. */
function cumulative(c: CompiledCalendar, ms: number): number {
  const local = ms + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const base = workingDaysBefore(c, day) * c.dayMs;
  if (!dayIsWorking(c, day)) return base;
  return base + workedInDay(c, local - day * DAY_MS);
}

/**
 * Smallest day d with W(d + 1) >= k + 1, i.e. the working day carrying
 * cumulative index k. `from` is a hint close to the answer.
 */
function findWorkingDay(c: CompiledCalendar, k: number, from: number): number {
  const test = (d: number) => workingDaysBefore(c, d + 1) >= k + 1;
  let lo: number;
  let hi: number;
  if (test(from)) {
    hi = from;
    let step = 1;
    lo = from - step;
    while (test(lo)) {
      hi = lo;
      step *= 2;
      if (step > MAX_SEARCH_DAYS) throw new RangeError("calendar has no working time in range");
      lo = from - step;
    }
  } else {
    lo = from;
    let step = 1;
    hi = from + step;
    while (!test(hi)) {
      lo = hi;
      step *= 2;
      if (step > MAX_SEARCH_DAYS) throw new RangeError("calendar has no working time in range");
      hi = from + step;
    }
  }
  // Invariant: !test(lo), test(hi).
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (test(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Earliest (or latest) instant whose cumulative working time equals `target`. */
function instantForCumulative(c: CompiledCalendar, target: number, earliest: boolean, hintDay: number): number {
  let k = Math.floor(target / c.dayMs);
  let rem = target - k * c.dayMs;
  if (earliest && rem === 0) {
    // Reached at the end of the previous working day's last period.
    k -= 1;
    rem = c.dayMs;
  }
  const day = findWorkingDay(c, k, hintDay);
  return day * DAY_MS + offsetForWorked(c, rem, earliest) - SHANGHAI_OFFSET_MS;
}

function unitMs(unit: TimeUnit, dayMs: number): number {
  switch (unit) {
    case "minute":
      return MINUTE_MS;
    case "hour":
      return HOUR_MS;
    case "day":
      return dayMs;
    default:
      throw new RangeError(`unknown unit ${String(unit)}`);
  }
}

// ---------------------------------------------------------------------------
// Public API

/**
 * Whether a date is a working day. `date` is a "YYYY-MM-DD" string (a Shanghai
 * date) or an instant (its Shanghai date is used).
 */
export function isWorkingDay(cal: WorkCalendar | CompiledCalendar, date: string | Instant): boolean {
  const c = compileCalendar(cal);
  let day: number;
  if (typeof date === "string") {
    const d = parseLocalDate(date);
    if (d === null) throw new RangeError(`invalid date ${JSON.stringify(date)}`);
    day = d;
  } else {
    day = localDay(toMs(date));
  }
  return dayIsWorking(c, day);
}

/** Whether an instant falls inside working time (a working day's period, [start, end)). */
export function isWorkingTime(cal: WorkCalendar | CompiledCalendar, t: Instant): boolean {
  const c = compileCalendar(cal);
  const local = toMs(t) + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  if (!dayIsWorking(c, day)) return false;
  const off = local - day * DAY_MS;
  return c.periods.some(([s, e]) => off >= s && off < e);
}

/** Working minutes in one working day (420 with the default calendar). */
export function workingMinutesPerDay(cal: WorkCalendar | CompiledCalendar): number {
  return compileCalendar(cal).dayMs / MINUTE_MS;
}

/**
 * Add working time; see the module comment for the exact definition.
 * Amounts may be fractional and negative; precision is 1 ms.
 * Throws RangeError if the calendar has no working time to consume.
 */
export function addWorkingTime(
  cal: WorkCalendar | CompiledCalendar,
  start: Instant,
  amount: number,
  unit: TimeUnit,
): Date {
  const c = compileCalendar(cal);
  const s = toMs(start);
  if (!Number.isFinite(amount)) throw new RangeError("amount must be finite");
  const delta = Math.round(amount * unitMs(unit, c.dayMs));
  if (delta === 0) return new Date(s);
  if (c.dayMs === 0) throw new RangeError("calendar has no working periods");
  const target = cumulative(c, s) + delta;
  return new Date(instantForCumulative(c, target, delta > 0, localDay(s)));
}

/** Add natural (calendar) time: a "day" is 24 h (Shanghai has no DST). */
export function addNaturalTime(start: Instant, amount: number, unit: TimeUnit): Date {
  if (!Number.isFinite(amount)) throw new RangeError("amount must be finite");
  const ms = unit === "day" ? DAY_MS : unitMs(unit, 0);
  return new Date(toMs(start) + Math.round(amount * ms));
}

/** Deadline for a time limit in either mode. */
export function addTime(cal: WorkCalendar | CompiledCalendar, start: Instant, limit: TimeLimit): Date {
  switch (limit.mode) {
    case "working":
      return addWorkingTime(cal, start, limit.amount, limit.unit);
    case "natural":
      return addNaturalTime(start, limit.amount, limit.unit);
    default:
      throw new RangeError(`unknown mode ${String(limit.mode)}`);
  }
}

/** Working minutes in [a, b); negative when b < a. */
export function workingTimeBetween(cal: WorkCalendar | CompiledCalendar, a: Instant, b: Instant): number {
  const c = compileCalendar(cal);
  return (cumulative(c, toMs(b)) - cumulative(c, toMs(a))) / MINUTE_MS;
}

/** Natural minutes from a to b; negative when b < a. */
export function naturalMinutesBetween(a: Instant, b: Instant): number {
  return (toMs(b) - toMs(a)) / MINUTE_MS;
}

// ---------------------------------------------------------------------------
// CSV import of holidays and make-up workdays

export type CalendarDayType = "holiday" | "workday";

export interface CalendarCsvRow {
  /** 1-based line number in the input. */
  line: number;
  /** Normalised "YYYY-MM-DD". */
  date: string;
  type: CalendarDayType;
  name: string;
}

export type CalendarCsvErrorCode =
  | "CAL_CSV_COLUMNS"
  | "CAL_CSV_QUOTE"
  | "CAL_CSV_DATE_FORMAT"
  | "CAL_CSV_DATE_INVALID"
  | "CAL_CSV_TYPE"
  | "CAL_CSV_NAME_TOO_LONG"
  | "CAL_CSV_DUPLICATE";

export interface CalendarCsvError {
  line: number;
  code: CalendarCsvErrorCode;
  /** Chinese, for the administrator. */
  reason: string;
}

const TYPE_ALIASES: Record<string, CalendarDayType> = {
  holiday: "holiday",
  节假日: "holiday",
  假日: "holiday",
  休: "holiday",
  workday: "workday",
  补班: "workday",
  调休上班: "workday",
  班: "workday",
};

const MAX_NAME_LENGTH = 50;

/**
 * Parse holiday / make-up workday lines: `date,type,name`.
 *
 * - `date`: YYYY-MM-DD, also YYYY/M/D or YYYY-M-D (as spreadsheets export);
 *   normalised to YYYY-MM-DD.
 * - `type`: holiday | workday (case-insensitive), or 节假日/假日/休 and
 *   补班/调休上班/班.
 * - `name`: optional free text (e.g. 国庆节), at most 50 characters.
 * - A UTF-8 BOM, CRLF, blank lines and lines starting with `#` are ignored;
 *   a first line whose first field is `date` or `日期` is a header.
 * - A date appearing twice is an error on the later line (the earlier row is kept).
 *
 * Valid lines become rows; each bad line yields one error. The caller decides
 * whether to import the valid rows or reject the file.
 */
export function parseCalendarCsv(text: string): { rows: CalendarCsvRow[]; errors: CalendarCsvError[] } {
  const rows: CalendarCsvRow[] = [];
  const errors: CalendarCsvError[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  let firstContent = true;
  for (let idx = 0; idx < lines.length; idx++) {
    const lineNo = idx + 1;
    const raw = lines[idx]!;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const fields = splitCsvLine(raw);
    const isFirst = firstContent;
    firstContent = false;
    if (fields === null) {
      errors.push({ line: lineNo, code: "CAL_CSV_QUOTE", reason: "引号未闭合" });
      continue;
    }
    if (isFirst && /^(date|日期)$/i.test(fields[0] ?? "")) continue;
    if (fields.length < 2 || fields.length > 3) {
      errors.push({
        line: lineNo,
        code: "CAL_CSV_COLUMNS",
        reason: `列数不对：应为“日期,类型,名称”三列（名称可空），实际 ${fields.length} 列`,
      });
      continue;
    }
    const [dateText, typeText, name = ""] = fields as [string, string, string?];
    const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(dateText);
    if (!m) {
      errors.push({
        line: lineNo,
        code: "CAL_CSV_DATE_FORMAT",
        reason: `日期格式错误：“${dateText}”，应为 YYYY-MM-DD`,
      });
      continue;
    }
    const date = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
    if (parseLocalDate(date) === null) {
      errors.push({ line: lineNo, code: "CAL_CSV_DATE_INVALID", reason: `日期不存在：${date}` });
      continue;
    }
    const type = TYPE_ALIASES[typeText.toLowerCase()];
    if (!type) {
      errors.push({
        line: lineNo,
        code: "CAL_CSV_TYPE",
        reason: `类型无效：“${typeText}”，应为 holiday（节假日）或 workday（调休上班）`,
      });
      continue;
    }
    if ([...name].length > MAX_NAME_LENGTH) {
      errors.push({ line: lineNo, code: "CAL_CSV_NAME_TOO_LONG", reason: `名称过长：最多 ${MAX_NAME_LENGTH} 个字符` });
      continue;
    }
    const prev = seen.get(date);
    if (prev !== undefined) {
      errors.push({ line: lineNo, code: "CAL_CSV_DUPLICATE", reason: `日期重复：${date} 已在第 ${prev} 行出现` });
      continue;
    }
    seen.set(date, lineNo);
    rows.push({ line: lineNo, date, type, name });
  }
  return { rows, errors };
}

/**
 * A new calendar with imported rows merged in: each row's date is removed
 * from both lists, then added to the list of its type (the import wins).
 */
export function applyCalendarRows(
  cal: WorkCalendar,
  rows: ReadonlyArray<Pick<CalendarCsvRow, "date" | "type">>,
): WorkCalendar {
  const holidays = new Set(cal.holidays);
  const workdays = new Set(cal.workdays);
  for (const r of rows) {
    holidays.delete(r.date);
    workdays.delete(r.date);
    (r.type === "holiday" ? holidays : workdays).add(r.date);
  }
  return {
    periods: cal.periods.map((p) => ({ ...p })),
    weekdays: [...cal.weekdays],
    holidays: [...holidays].sort(),
    workdays: [...workdays].sort(),
  };
}
