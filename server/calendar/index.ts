// The working calendar: hours, weekdays, holidays and 调休 workdays (工作日历).
import type { Module } from "../core/module.ts";
import { registerCalendar, NAV } from "./routes.tsx";
import { PERIODS_KEY, WEEKDAYS_KEY } from "./load.ts";

export {
  PERIODS_KEY,
  WEEKDAYS_KEY,
  DEFAULT_PERIODS,
  DEFAULT_WEEKDAYS,
  parsePeriods,
  parseWeekdays,
  loadCalendar,
  loadCompiledCalendar,
  invalidateCalendar,
} from "./load.ts";

export const calendarModule: Module = {
  name: "calendar",
  routes: (r) => registerCalendar(r),
  nav: NAV,
  settings: [
    { key: PERIODS_KEY, label: "工作时段", page: "/admin/calendar" },
    { key: WEEKDAYS_KEY, label: "工作日", page: "/admin/calendar" },
  ],
};
