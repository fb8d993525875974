// Writers of the working calendar: weekly hours, single dated days, CSV import. All invalidate loadCalendar.
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { logSettingChange } from "../../security/index.ts";
import { audit } from "../../core/audit.ts";
import { getSetting, setSetting } from "../../core/settings.ts";
import { parseCalendarCsv, parseLocalDate, type CalendarCsvError } from "../../core/calendar.ts";
import {
  PERIODS_KEY,
  WEEKDAYS_KEY,
  DEFAULT_PERIODS,
  DEFAULT_WEEKDAYS,
  parsePeriods,
  parseWeekdays,
  invalidateCalendar,
} from "../load.ts";

const uid = (a: Actor) => (a.kind === "user" ? a.userId : null);

export function saveHours(db: Db, actor: Actor, v: { periods: string; weekdays: string[] }) {
  const periods = parsePeriods(v.periods);
  const weekdays = parseWeekdays(v.weekdays.join(","));
  const f: Record<string, string> = {};
  if (!periods) f.periods = "格式如 08:30-12:00,14:00-17:30，时段须按时间先后且不重叠";
  if (!weekdays) f.weekdays = "请至少选择一个工作日";
  if (Object.keys(f).length) throw Validation("calendar.hours", "工作时间设置有误", f);
  tx(db, () => {
    const before = {
      periods: getSetting(db, PERIODS_KEY) || DEFAULT_PERIODS,
      weekdays: getSetting(db, WEEKDAYS_KEY) || DEFAULT_WEEKDAYS,
    };
    const after = { periods: periods!.map((p) => `${p.start}-${p.end}`).join(","), weekdays: weekdays!.join(",") };
    setSetting(db, PERIODS_KEY, after.periods, uid(actor));
    setSetting(db, WEEKDAYS_KEY, after.weekdays, uid(actor));
    audit(db, actor, "calendar", "hours", "update", before, after);
    logSettingChange(db, actor, "calendar.hours", before, after);
    invalidateCalendar(db);
  });
}

export function saveDay(db: Db, actor: Actor, v: { day: string; type: string; name: string }) {
  const f: Record<string, string> = {};
  if (parseLocalDate(v.day) === null) f.day = "日期须为 YYYY-MM-DD";
  if (v.type !== "holiday" && v.type !== "workday") f.type = "请选择节假日或调休上班";
  if ([...v.name].length > 50) f.name = "名称最多 50 字";
  if (Object.keys(f).length) throw Validation("calendar.day", "日期设置有误", f);
  tx(db, () => {
    const before = db.sqlite.query("SELECT * FROM calendar_days WHERE day = ?").get(v.day);
    db.sqlite
      .query(
        "INSERT INTO calendar_days (day, type, name) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE SET type = excluded.type, name = excluded.name",
      )
      .run(v.day, v.type, v.name || null);
    audit(db, actor, "calendar_day", v.day, before ? "update" : "create", before, v);
    invalidateCalendar(db);
  });
}

export function deleteDay(db: Db, actor: Actor, day: string) {
  tx(db, () => {
    const before = db.sqlite.query("SELECT * FROM calendar_days WHERE day = ?").get(day);
    if (!before) return;
    db.sqlite.query("DELETE FROM calendar_days WHERE day = ?").run(day);
    audit(db, actor, "calendar_day", day, "delete", before, null);
    invalidateCalendar(db);
  });
}

/** Import CSV lines date,type,name: valid rows are saved (import wins over existing), bad lines are reported. */
export function importDays(db: Db, actor: Actor, text: string): { imported: number; errors: CalendarCsvError[] } {
  const { rows, errors } = parseCalendarCsv(text);
  tx(db, () => {
    const up = db.sqlite.prepare(
      "INSERT INTO calendar_days (day, type, name) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE SET type = excluded.type, name = excluded.name",
    );
    for (const r of rows) up.run(r.date, r.type, r.name || null);
    audit(db, actor, "calendar_day", "import", "import", null, { imported: rows.length, errors: errors.length });
    invalidateCalendar(db);
  });
  return { imported: rows.length, errors };
}
