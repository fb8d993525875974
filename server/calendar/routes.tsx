// Admin page: working calendar (weekly hours, holidays and 调休 make-up workdays, CSV import).
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, formList, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError } from "../core/errors.ts";
import { getSetting } from "../core/settings.ts";
import { PERIODS_KEY, WEEKDAYS_KEY, DEFAULT_PERIODS, DEFAULT_WEEKDAYS } from "./load.ts";
import { calendarDaysOf, calendarYears } from "./queries.ts";
import { saveHours, saveDay, deleteDay, importDays } from "./verbs/save-calendar.ts";
import { CalendarPage } from "../../views/admin/reference.tsx";

const ADMIN = ["admin"] as const;
const WD = ["日", "一", "二", "三", "四", "五", "六"];

function calPage(
  c: Ctx,
  o: {
    err?: AppError;
    flash?: string;
    csvErrors?: { line: number; reason: string }[];
    periods?: string;
    weekdays?: string[];
  } = {},
) {
  const db = c.get("deps").db;
  const year = /^\d{4}$/.test(c.req.query("year") ?? "") ? c.req.query("year")! : String(new Date().getFullYear());
  const years = [...new Set([...calendarYears(db), year])].sort();
  const days = calendarDaysOf(db, year).map((d) => ({
    ...d,
    weekday: "周" + WD[new Date(d.day + "T00:00:00Z").getUTCDay()],
  }));
  return page(
    c,
    <CalendarPage
      csrf={c.get("csrf")}
      periods={o.periods ?? (getSetting(db, PERIODS_KEY) || DEFAULT_PERIODS)}
      weekdays={o.weekdays ?? (getSetting(db, WEEKDAYS_KEY) || DEFAULT_WEEKDAYS).split(",")}
      year={year}
      years={years}
      days={days}
      errors={o.err?.fields ?? {}}
      error={o.err?.message}
      flash={o.flash ?? (c.req.query("saved") ? "已保存" : undefined)}
      csvErrors={o.csvErrors}
    />,
    { title: "工作日历", current: "/admin/calendar", status: o.err?.status },
  );
}

export const NAV: NavEntry[] = [
  { href: "/admin/calendar", label: "工作日历", group: "基础数据", roles: ADMIN, order: 85 },
];

export function registerCalendar(r: Router) {
  r.get("/admin/calendar", ADMIN, (c) => calPage(c));
  r.post("/admin/calendar/hours", ADMIN, async (c) => {
    const f = await formFields(c);
    const weekdays = await formList(c, "weekdays");
    try {
      saveHours(c.get("deps").db, requireUser(c), { periods: f.periods ?? "", weekdays });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return calPage(c, { err: e, periods: f.periods, weekdays });
      throw e;
    }
    return c.redirect("/admin/calendar?saved=1", 303);
  });
  r.post("/admin/calendar/days", ADMIN, async (c) => {
    const f = await formFields(c);
    try {
      saveDay(c.get("deps").db, requireUser(c), { day: f.day ?? "", type: f.type ?? "", name: f.name ?? "" });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return calPage(c, { err: e });
      throw e;
    }
    return c.redirect(`/admin/calendar?saved=1&year=${(f.day ?? "").slice(0, 4)}`, 303);
  });
  r.post("/admin/calendar/days/:day/delete", ADMIN, (c) => {
    deleteDay(c.get("deps").db, requireUser(c), c.req.param("day") ?? "");
    return c.redirect("/admin/calendar?saved=1", 303);
  });
  r.post("/admin/calendar/import", ADMIN, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return calPage(c, { err: new AppError("validation", "calendar.file", "请选择 CSV 文件") });
    const res = importDays(c.get("deps").db, requireUser(c), await file.text());
    return calPage(c, {
      flash: `已导入 ${res.imported} 个日期${res.errors.length ? `，${res.errors.length} 行有误未导入` : ""}`,
      csvErrors: res.errors,
    });
  });
}
