import { describe, expect, test } from "bun:test";
import {
  addNaturalTime,
  addTime,
  addWorkingTime,
  applyCalendarRows,
  compileCalendar,
  defaultCalendar,
  formatShanghai,
  isWorkingDay,
  isWorkingTime,
  naturalMinutesBetween,
  parseCalendarCsv,
  shanghaiDate,
  shanghaiTime,
  workingMinutesPerDay,
  workingTimeBetween,
  type WorkCalendar,
} from "./calendar";
import { mulberry32 } from "./prng.ts";

// TEST DATA, not the official State Council schedule: a plausible 2026
// National Day break, 10-01 (Thu) .. 10-08 (Thu) off, with make-up workdays
// on Sunday 2026-09-27 and Saturday 2026-10-10.
const NATIONAL_DAY_2026_TEST: WorkCalendar = {
  ...defaultCalendar(),
  holidays: [
    "2026-10-01",
    "2026-10-02",
    "2026-10-03",
    "2026-10-04",
    "2026-10-05",
    "2026-10-06",
    "2026-10-07",
    "2026-10-08",
  ],
  workdays: ["2026-09-27", "2026-10-10"],
};

const t = shanghaiTime;
const fmt = formatShanghai;
const plain = defaultCalendar();

describe("time zone handling", () => {
  test("shanghaiTime is UTC+8 regardless of the machine TZ", () => {
    expect(t("2026-10-09 08:30").toISOString()).toBe("2026-10-09T00:30:00.000Z");
    expect(t("2027-01-01 00:00").toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(fmt(new Date("2026-10-09T00:30:00.000Z"))).toBe("2026-10-09 08:30");
    expect(fmt(new Date("2026-10-09T00:30:05.250Z"))).toBe("2026-10-09 08:30:05.250");
  });

  test("the Shanghai date, not the UTC date, decides the working day", () => {
    // 2026-10-08T16:30Z is Friday 2026-10-09 00:30 in Shanghai; the UTC date is a holiday.
    const instant = new Date("2026-10-08T16:30:00Z");
    expect(shanghaiDate(instant)).toBe("2026-10-09");
    expect(isWorkingDay(NATIONAL_DAY_2026_TEST, instant)).toBe(true);
    expect(isWorkingDay(NATIONAL_DAY_2026_TEST, new Date("2026-10-08T15:59:59Z"))).toBe(false);
  });

  test("rejects malformed local times", () => {
    expect(() => t("2026-02-30 08:00")).toThrow(RangeError);
    expect(() => t("2026-10-09 24:00")).toThrow(RangeError);
    expect(() => t("2026-10-09")).toThrow(RangeError);
  });
});

describe("isWorkingDay", () => {
  test("default calendar: Monday to Friday", () => {
    expect(isWorkingDay(plain, "2026-09-28")).toBe(true); // Mon
    expect(isWorkingDay(plain, "2026-10-02")).toBe(true); // Fri, no holidays configured
    expect(isWorkingDay(plain, "2026-10-03")).toBe(false); // Sat
    expect(isWorkingDay(plain, "2026-10-04")).toBe(false); // Sun
  });

  test("holidays and make-up days", () => {
    const cal = NATIONAL_DAY_2026_TEST;
    expect(isWorkingDay(cal, "2026-09-26")).toBe(false); // ordinary Saturday
    expect(isWorkingDay(cal, "2026-09-27")).toBe(true); // make-up Sunday
    expect(isWorkingDay(cal, "2026-09-30")).toBe(true);
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(cal, `2026-10-0${d}`)).toBe(false);
    expect(isWorkingDay(cal, "2026-10-09")).toBe(true); // Fri
    expect(isWorkingDay(cal, "2026-10-10")).toBe(true); // make-up Saturday
    expect(isWorkingDay(cal, "2026-10-11")).toBe(false); // Sun
  });

  test("a date listed as both holiday and workday is a holiday", () => {
    const cal = { ...plain, holidays: new Set(["2026-10-10"]), workdays: ["2026-10-10"] };
    expect(isWorkingDay(cal, "2026-10-10")).toBe(false);
    expect(workingTimeBetween(cal, t("2026-10-10 00:00"), t("2026-10-11 00:00"))).toBe(0);
  });

  test("rejects invalid dates", () => {
    expect(() => isWorkingDay(plain, "2026-13-01")).toThrow(RangeError);
    expect(() => isWorkingDay(plain, "2026-1-1")).toThrow(RangeError);
    expect(() => isWorkingDay({ ...plain, holidays: ["2026-02-29"] }, "2026-03-02")).toThrow(RangeError);
  });
});

describe("isWorkingTime", () => {
  test("periods are half-open", () => {
    expect(isWorkingTime(plain, t("2026-09-28 08:29"))).toBe(false);
    expect(isWorkingTime(plain, t("2026-09-28 08:30"))).toBe(true);
    expect(isWorkingTime(plain, t("2026-09-28 11:59"))).toBe(true);
    expect(isWorkingTime(plain, t("2026-09-28 12:00"))).toBe(false);
    expect(isWorkingTime(plain, t("2026-09-28 17:30"))).toBe(false);
    expect(isWorkingTime(plain, t("2026-09-27 10:00"))).toBe(false); // Sunday
    expect(isWorkingTime(NATIONAL_DAY_2026_TEST, t("2026-09-27 10:00"))).toBe(true);
  });
});

describe("addWorkingTime: minutes and hours", () => {
  const add = (s: string, amount: number, unit: "minute" | "hour" | "day", cal: WorkCalendar = plain) =>
    fmt(addWorkingTime(cal, t(s), amount, unit));

  test("inside a period", () => {
    expect(add("2026-09-28 09:00", 30, "minute")).toBe("2026-09-28 09:30");
    expect(add("2026-09-28 09:00", 2, "hour")).toBe("2026-09-28 11:00");
  });

  test("spans lunch and the night", () => {
    expect(add("2026-09-28 11:00", 2, "hour")).toBe("2026-09-28 15:00");
    expect(add("2026-09-28 16:00", 4, "hour")).toBe("2026-09-29 11:00");
  });

  test("start before 08:30 waits for the first period", () => {
    expect(add("2026-09-28 07:00", 30, "minute")).toBe("2026-09-28 09:00");
    expect(add("2026-09-28 00:00", 210, "minute")).toBe("2026-09-28 12:00");
  });

  test("start at lunch waits for 14:00", () => {
    expect(add("2026-09-28 12:30", 30, "minute")).toBe("2026-09-28 14:30");
  });

  test("start after 17:30 waits for the next working day", () => {
    expect(add("2026-09-28 18:00", 30, "minute")).toBe("2026-09-29 09:00");
    expect(add("2026-10-02 17:45", 30, "minute")).toBe("2026-10-05 09:00"); // Fri evening -> Mon
  });

  test("start on a Sunday waits for Monday", () => {
    expect(add("2026-10-04 10:00", 3.5, "hour")).toBe("2026-10-05 12:00");
    expect(add("2026-10-04 10:00", 4, "hour")).toBe("2026-10-05 14:30");
  });

  test("exact boundaries: a result on a period end stays there", () => {
    expect(add("2026-09-28 08:30", 210, "minute")).toBe("2026-09-28 12:00");
    expect(add("2026-09-28 11:59", 1, "minute")).toBe("2026-09-28 12:00");
    expect(add("2026-09-28 12:00", 1, "minute")).toBe("2026-09-28 14:01");
    expect(add("2026-09-28 08:30", 7, "hour")).toBe("2026-09-28 17:30");
    expect(add("2026-09-28 17:29", 1, "minute")).toBe("2026-09-28 17:30");
    expect(add("2026-10-02 17:30", 1, "minute")).toBe("2026-10-05 08:31");
  });

  test("zero amount returns the start unchanged, even outside hours", () => {
    expect(add("2026-09-28 07:00", 0, "hour")).toBe("2026-09-28 07:00");
    expect(add("2026-09-28 12:00", 0, "minute")).toBe("2026-09-28 12:00");
  });

  test("fractional amounts", () => {
    expect(add("2026-09-28 11:45", 0.5, "hour")).toBe("2026-09-28 14:15");
    expect(add("2026-09-28 09:00", 1.5, "minute")).toBe("2026-09-28 09:01:30");
  });

  test("across the National Day break (test data)", () => {
    const cal = NATIONAL_DAY_2026_TEST;
    // Wed 09-30 16:00: 90 min left that day, then 10-01..10-08 off, Fri 10-09 08:30 + 150 min.
    expect(add("2026-09-30 16:00", 4, "hour", cal)).toBe("2026-10-09 11:00");
    // Without the holidays the same limit ends on Thursday.
    expect(add("2026-09-30 16:00", 4, "hour")).toBe("2026-10-01 11:00");
    // A case reported during the break starts its clock on 10-09.
    expect(add("2026-10-03 10:00", 30, "minute", cal)).toBe("2026-10-09 09:00");
  });

  test("make-up Saturday and Sunday count as working", () => {
    const cal = NATIONAL_DAY_2026_TEST;
    expect(add("2026-09-26 09:00", 30, "minute", cal)).toBe("2026-09-27 09:00"); // Sat -> make-up Sun
    expect(add("2026-10-09 17:00", 1, "hour", cal)).toBe("2026-10-10 09:00"); // Fri -> make-up Sat
    expect(add("2026-10-10 17:00", 1, "hour", cal)).toBe("2026-10-12 09:00"); // make-up Sat -> Mon
  });

  test("year boundary", () => {
    expect(add("2026-12-31 16:00", 4, "hour")).toBe("2027-01-01 11:00");
    const cal = { ...plain, holidays: ["2027-01-01"] }; // test data
    expect(add("2026-12-31 16:00", 4, "hour", cal)).toBe("2027-01-04 11:00");
    expect(add("2026-12-31 17:30", 1, "day", cal)).toBe("2027-01-04 17:30");
  });
});

describe("addWorkingTime: days (day = 7 working hours by default)", () => {
  const add = (s: string, n: number, cal: WorkCalendar = plain) => fmt(addWorkingTime(cal, t(s), n, "day"));

  test("same clock time N working days later when starting inside hours", () => {
    expect(add("2026-09-28 10:00", 1)).toBe("2026-09-29 10:00");
    expect(add("2026-10-02 10:00", 1)).toBe("2026-10-05 10:00"); // Fri -> Mon
    expect(add("2026-09-28 15:00", 5)).toBe("2026-10-05 15:00");
    expect(add("2026-09-30 10:00", 1, NATIONAL_DAY_2026_TEST)).toBe("2026-10-09 10:00");
    expect(add("2026-09-30 10:00", 2, NATIONAL_DAY_2026_TEST)).toBe("2026-10-10 10:00");
    expect(add("2026-09-25 10:00", 1, NATIONAL_DAY_2026_TEST)).toBe("2026-09-27 10:00");
  });

  test("starting outside hours ends at the end of the last working day", () => {
    expect(add("2026-09-28 08:30", 1)).toBe("2026-09-28 17:30");
    expect(add("2026-09-28 07:00", 1)).toBe("2026-09-28 17:30");
    expect(add("2026-10-02 18:00", 1)).toBe("2026-10-05 17:30");
    expect(add("2026-10-03 12:00", 2)).toBe("2026-10-06 17:30");
  });

  test("a custom calendar's day length is its working minutes", () => {
    const cal: WorkCalendar = {
      periods: [{ start: "09:00", end: "18:00" }],
      weekdays: [1, 2, 3, 4, 5, 6],
      holidays: [],
      workdays: [],
    };
    expect(workingMinutesPerDay(cal)).toBe(540);
    expect(fmt(addWorkingTime(cal, t("2026-10-03 10:00"), 1, "day"))).toBe("2026-10-05 10:00"); // Sat -> (Sun off) -> Mon
    expect(fmt(addWorkingTime(cal, t("2026-10-03 10:00"), 8, "hour"))).toBe("2026-10-03 18:00"); // Saturday works here
    expect(fmt(addWorkingTime(cal, t("2026-10-03 10:00"), 9, "hour"))).toBe("2026-10-05 10:00"); // Sunday does not
  });

  test("default day length", () => {
    expect(workingMinutesPerDay(plain)).toBe(420);
  });
});

describe("addWorkingTime: negative amounts", () => {
  test("returns the latest instant with that much working time before start", () => {
    expect(fmt(addWorkingTime(plain, t("2026-09-28 14:00"), -30, "minute"))).toBe("2026-09-28 11:30");
    expect(fmt(addWorkingTime(plain, t("2026-09-28 12:00"), -210, "minute"))).toBe("2026-09-28 08:30");
    // Exactly a morning's worth back from 17:30 is 14:00, not 12:00.
    expect(fmt(addWorkingTime(plain, t("2026-09-28 17:30"), -210, "minute"))).toBe("2026-09-28 14:00");
    expect(fmt(addWorkingTime(plain, t("2026-09-28 09:00"), -1, "hour"))).toBe("2026-09-25 17:00");
    expect(fmt(addWorkingTime(NATIONAL_DAY_2026_TEST, t("2026-10-09 10:00"), -1, "day"))).toBe("2026-09-30 10:00");
  });
});

describe("workingTimeBetween", () => {
  test("simple spans", () => {
    expect(workingTimeBetween(plain, t("2026-09-28 08:00"), t("2026-09-28 18:00"))).toBe(420);
    expect(workingTimeBetween(plain, t("2026-09-28 11:00"), t("2026-09-28 15:00"))).toBe(120);
    expect(workingTimeBetween(plain, t("2026-09-28 12:10"), t("2026-09-28 13:50"))).toBe(0);
    expect(workingTimeBetween(plain, t("2026-10-02 17:00"), t("2026-10-05 09:00"))).toBe(60);
    expect(workingTimeBetween(plain, t("2026-09-28 09:00"), t("2026-09-28 09:00:30"))).toBe(0.5);
  });

  test("negative when b < a", () => {
    expect(workingTimeBetween(plain, t("2026-09-28 15:00"), t("2026-09-28 11:00"))).toBe(-120);
  });

  test("National Day week (test data)", () => {
    const cal = NATIONAL_DAY_2026_TEST;
    // Sat 09-26 .. Sun 10-11: make-up Sun 09-27, Mon-Wed 09-28..30, Fri 10-09, make-up Sat 10-10 = 6 days.
    expect(workingTimeBetween(cal, t("2026-09-26 00:00"), t("2026-10-12 00:00"))).toBe(6 * 420);
    expect(workingTimeBetween(plain, t("2026-09-26 00:00"), t("2026-10-12 00:00"))).toBe(10 * 420);
  });

  test("a whole year: 2026 has 261 weekdays", () => {
    expect(workingTimeBetween(plain, t("2026-01-01 00:00"), t("2027-01-01 00:00"))).toBe(261 * 420);
    expect(workingTimeBetween(NATIONAL_DAY_2026_TEST, t("2026-01-01 00:00"), t("2027-01-01 00:00"))).toBe(
      (261 - 6 + 2) * 420,
    );
  });

  test("a long span agrees with a day-by-day oracle", () => {
    const cal = {
      ...NATIONAL_DAY_2026_TEST,
      holidays: [...NATIONAL_DAY_2026_TEST.holidays, "2031-05-01", "1999-10-01"],
    };
    const a = t("1998-03-17 10:15");
    const b = t("2034-11-02 16:45");
    expect(workingTimeBetween(cal, a, b)).toBe(oracleBetween(cal, a.getTime(), b.getTime()));
    expect(workingTimeBetween(cal, b, a)).toBe(-oracleBetween(cal, a.getTime(), b.getTime()));
  });

  test("dates before 1970 work", () => {
    expect(workingTimeBetween(plain, t("1969-12-29 00:00"), t("1970-01-05 00:00"))).toBe(5 * 420);
    expect(fmt(addWorkingTime(plain, t("1969-12-31 17:00"), 1, "hour"))).toBe("1970-01-01 09:00");
  });
});

describe("natural time", () => {
  test("addNaturalTime", () => {
    expect(fmt(addNaturalTime(t("2026-12-31 20:00"), 2, "hour"))).toBe("2026-12-31 22:00");
    expect(fmt(addNaturalTime(t("2026-12-31 20:00"), 1, "day"))).toBe("2027-01-01 20:00");
    expect(fmt(addNaturalTime(t("2026-10-01 10:00"), 90, "minute"))).toBe("2026-10-01 11:30");
    expect(fmt(addNaturalTime(t("2026-10-01 10:00"), -1.5, "hour"))).toBe("2026-10-01 08:30");
  });

  test("naturalMinutesBetween", () => {
    expect(naturalMinutesBetween(t("2026-10-01 10:00"), t("2026-10-02 10:30"))).toBe(1470);
    expect(naturalMinutesBetween(t("2026-10-02 10:30"), t("2026-10-01 10:00"))).toBe(-1470);
  });

  test("addTime dispatches on mode", () => {
    const cal = NATIONAL_DAY_2026_TEST;
    const start = t("2026-09-30 16:00");
    expect(fmt(addTime(cal, start, { amount: 2, unit: "hour", mode: "natural" }))).toBe("2026-09-30 18:00");
    expect(fmt(addTime(cal, start, { amount: 2, unit: "hour", mode: "working" }))).toBe("2026-10-09 09:00");
    expect(fmt(addTime(cal, start, { amount: 2, unit: "day", mode: "natural" }))).toBe("2026-10-02 16:00");
    expect(fmt(addTime(cal, start, { amount: 2, unit: "day", mode: "working" }))).toBe("2026-10-10 16:00");
    expect(() => addTime(cal, start, { amount: 1, unit: "week" as never, mode: "working" })).toThrow(RangeError);
    expect(() => addTime(cal, start, { amount: 1, unit: "day", mode: "lunar" as never })).toThrow(RangeError);
  });

  test("accepts epoch numbers as well as Dates", () => {
    const ms = t("2026-09-28 09:00").getTime();
    expect(fmt(addWorkingTime(plain, ms, 30, "minute"))).toBe("2026-09-28 09:30");
    expect(workingTimeBetween(plain, ms, ms + 3_600_000)).toBe(60);
  });
});

describe("calendar validation and odd calendars", () => {
  test("unsorted periods are sorted", () => {
    const cal = {
      ...plain,
      periods: [
        { start: "14:00", end: "17:30" },
        { start: "08:30", end: "12:00" },
      ],
    };
    expect(fmt(addWorkingTime(cal, t("2026-09-28 11:00"), 2, "hour"))).toBe("2026-09-28 15:00");
  });

  test("bad periods and weekdays throw", () => {
    expect(() => compileCalendar({ ...plain, periods: [{ start: "12:00", end: "08:30" }] })).toThrow(RangeError);
    expect(() => compileCalendar({ ...plain, periods: [{ start: "8:30", end: "12:00" }] })).toThrow(RangeError);
    expect(() =>
      compileCalendar({
        ...plain,
        periods: [
          { start: "08:00", end: "12:00" },
          { start: "11:00", end: "13:00" },
        ],
      }),
    ).toThrow(RangeError);
    expect(() => compileCalendar({ ...plain, weekdays: [0, 1] })).toThrow(RangeError);
  });

  test("24:00 end and a round-the-clock calendar", () => {
    const cal: WorkCalendar = {
      periods: [{ start: "00:00", end: "24:00" }],
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      holidays: [],
      workdays: [],
    };
    expect(workingMinutesPerDay(cal)).toBe(1440);
    expect(fmt(addWorkingTime(cal, t("2026-12-31 20:00"), 1, "day"))).toBe("2027-01-01 20:00");
    expect(workingTimeBetween(cal, t("2026-01-01 00:00"), t("2027-01-01 00:00"))).toBe(365 * 1440);
  });

  test("no working time at all throws instead of looping", () => {
    const none: WorkCalendar = { ...plain, weekdays: [] };
    expect(() => addWorkingTime(none, t("2026-09-28 09:00"), 1, "hour")).toThrow(RangeError);
    expect(() => addWorkingTime({ ...plain, periods: [] }, t("2026-09-28 09:00"), 1, "hour")).toThrow(RangeError);
    expect(workingTimeBetween(none, t("2026-01-01 00:00"), t("2027-01-01 00:00"))).toBe(0);
  });

  test("a calendar with only make-up days", () => {
    const cal: WorkCalendar = { ...plain, weekdays: [], workdays: ["2026-10-10", "2030-01-05"] };
    expect(fmt(addWorkingTime(cal, t("2026-01-01 00:00"), 1, "hour"))).toBe("2026-10-10 09:30");
    expect(fmt(addWorkingTime(cal, t("2026-10-10 17:00"), 1, "hour"))).toBe("2030-01-05 09:00");
    expect(() => addWorkingTime(cal, t("2030-01-05 17:00"), 1, "hour")).toThrow(RangeError);
  });

  test("a compiled calendar is reusable and gives the same results", () => {
    const c = compileCalendar(NATIONAL_DAY_2026_TEST);
    expect(compileCalendar(c)).toBe(c);
    expect(fmt(addWorkingTime(c, t("2026-09-30 16:00"), 4, "hour"))).toBe("2026-10-09 11:00");
    expect(isWorkingDay(c, "2026-10-10")).toBe(true);
  });

  test("non-finite input throws", () => {
    expect(() => addWorkingTime(plain, Number.NaN, 1, "hour")).toThrow(RangeError);
    expect(() => addWorkingTime(plain, new Date("nope"), 1, "hour")).toThrow(RangeError);
    expect(() => addWorkingTime(plain, 0, Number.POSITIVE_INFINITY, "hour")).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------
// Property tests against an independent day-by-day oracle.

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

function clockMs(s: string): number {
  const [h, m] = s.split(":").map(Number) as [number, number];
  return (h * 60 + m) * 60_000;
}

/** Working minutes in [a, b) for a <= b, walking day by day with plain Date arithmetic. */
function oracleBetween(cal: WorkCalendar, a: number, b: number): number {
  const holidays = new Set(cal.holidays);
  const workdays = new Set(cal.workdays);
  const periods = cal.periods.map((p) => [clockMs(p.start), clockMs(p.end)] as const);
  let total = 0;
  for (let dayStart = Math.floor((a + OFFSET) / DAY) * DAY - OFFSET; dayStart < b; dayStart += DAY) {
    const local = new Date(dayStart + OFFSET);
    const iso = local.toISOString().slice(0, 10);
    const wd = local.getUTCDay() || 7;
    const working = !holidays.has(iso) && (workdays.has(iso) || cal.weekdays.includes(wd));
    if (!working) continue;
    for (const [s, e] of periods) {
      const lo = Math.max(a, dayStart + s);
      const hi = Math.min(b, dayStart + e);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / 60_000;
}

describe("properties (seeded PRNG)", () => {
  const cal = {
    ...NATIONAL_DAY_2026_TEST,
    holidays: [
      ...NATIONAL_DAY_2026_TEST.holidays,
      "2027-01-01",
      "2027-02-10",
      "2027-02-11",
      "2027-02-12",
      "2027-02-15",
    ],
    workdays: [...NATIONAL_DAY_2026_TEST.workdays, "2027-02-07", "2027-02-20"],
  };
  const compiled = compileCalendar(cal);
  const rand = mulberry32(20261001);
  const from = t("2026-06-01 00:00").getTime();
  const span = 400 * DAY;

  test("addWorkingTime then workingTimeBetween returns the amount (2,000 random cases)", () => {
    for (let i = 0; i < 2000; i++) {
      // Minute-aligned starts, a quarter of them on period boundaries.
      let start = from + Math.floor(rand() * (span / 60_000)) * 60_000;
      if (i % 4 === 0) {
        const dayStart = Math.floor((start + OFFSET) / DAY) * DAY - OFFSET;
        start = dayStart + [clockMs("08:30"), clockMs("12:00"), clockMs("14:00"), clockMs("17:30")][(i % 16) >> 2]!;
      }
      const unit = (["minute", "hour", "day"] as const)[Math.floor(rand() * 3)]!;
      const max = unit === "minute" ? 5000 : unit === "hour" ? 100 : 30;
      const amount = 1 + Math.floor(rand() * max);
      const perUnit = unit === "minute" ? 1 : unit === "hour" ? 60 : 420;

      const end = addWorkingTime(compiled, start, amount, unit);
      expect(end.getTime()).toBeGreaterThan(start);
      expect(workingTimeBetween(compiled, start, end)).toBe(amount * perUnit);
      // Independent check, and minimality: one ms earlier is not enough.
      expect(oracleBetween(cal, start, end.getTime())).toBe(amount * perUnit);
      expect(oracleBetween(cal, start, end.getTime() - 1)).toBeLessThan(amount * perUnit);

      const back = addWorkingTime(compiled, start, -amount, unit);
      expect(back.getTime()).toBeLessThan(start);
      expect(workingTimeBetween(compiled, back, start)).toBe(amount * perUnit);
      expect(oracleBetween(cal, back.getTime() + 1, start)).toBeLessThan(amount * perUnit);
    }
  });

  test("workingTimeBetween matches the oracle on random pairs (1,000 cases)", () => {
    for (let i = 0; i < 1000; i++) {
      const a = from + Math.floor(rand() * span);
      const b = a + Math.floor(rand() * 60 * DAY);
      expect(workingTimeBetween(cal, a, b)).toBeCloseTo(oracleBetween(cal, a, b), 9);
    }
  });

  test("spans of years (8–20 years of working days) come back exact", () => {
    // the speed of 20k such spans is printed by bench/calendar.ts
    for (let i = 0; i < 200; i++) {
      const start = from + Math.floor(rand() * span);
      const days = 2000 + Math.floor(rand() * 3000);
      const end = addWorkingTime(compiled, start, days, "day");
      expect(workingTimeBetween(compiled, start, end)).toBe(days * 420);
    }
  });

  test("10,000 working days from 2026-01-05 08:30 lands where the oracle says", () => {
    const start = t("2026-01-05 08:30").getTime();
    const end = addWorkingTime(cal, start, 10_000, "day");
    expect(oracleBetween(cal, start, end.getTime())).toBe(10_000 * 420);
    expect(fmt(end).slice(11)).toBe("17:30");
    expect(isWorkingDay(cal, end)).toBe(true);
  });
});

describe("parseCalendarCsv", () => {
  test("valid file with header, BOM, CRLF, comments and aliases", () => {
    const text =
      "\uFEFFdate,type,name\r\n" +
      "# 2026 国庆（测试数据）\r\n" +
      "2026-10-01,holiday,国庆节\r\n" +
      "2026/10/2,HOLIDAY,国庆节\r\n" +
      "\r\n" +
      "2026-09-27,workday,国庆调休\r\n" +
      '2026-10-10,补班,"国庆调休, 周六"\r\n' +
      "2026-10-03,节假日\r\n";
    const { rows, errors } = parseCalendarCsv(text);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 3, date: "2026-10-01", type: "holiday", name: "国庆节" },
      { line: 4, date: "2026-10-02", type: "holiday", name: "国庆节" },
      { line: 6, date: "2026-09-27", type: "workday", name: "国庆调休" },
      { line: 7, date: "2026-10-10", type: "workday", name: "国庆调休, 周六" },
      { line: 8, date: "2026-10-03", type: "holiday", name: "" },
    ]);
  });

  test("Chinese header", () => {
    const { rows, errors } = parseCalendarCsv("日期,类型,名称\n2027-01-01,holiday,元旦\n");
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ line: 2, date: "2027-01-01", type: "holiday", name: "元旦" }]);
  });

  test("per-line errors with line numbers and stable codes", () => {
    const text = [
      "2026-10-01,holiday,国庆节", // 1 ok
      "2026-10-01,holiday,国庆节", // 2 duplicate
      "20261002,holiday,国庆节", // 3 format
      "2026-02-30,holiday,不存在", // 4 invalid date
      "2026-10-04,vacation,国庆节", // 5 bad type
      "2026-10-05", // 6 too few columns
      "2026-10-06,holiday,国庆节,多余", // 7 too many columns
      '2026-10-07,holiday,"未闭合', // 8 quote
      "2026-10-08,holiday," + "长".repeat(51), // 9 name too long
      "2026-10-09,workday,", // 10 ok, empty name
    ].join("\n");
    const { rows, errors } = parseCalendarCsv(text);
    expect(rows.map((r) => r.line)).toEqual([1, 10]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [2, "CAL_CSV_DUPLICATE"],
      [3, "CAL_CSV_DATE_FORMAT"],
      [4, "CAL_CSV_DATE_INVALID"],
      [5, "CAL_CSV_TYPE"],
      [6, "CAL_CSV_COLUMNS"],
      [7, "CAL_CSV_COLUMNS"],
      [8, "CAL_CSV_QUOTE"],
      [9, "CAL_CSV_NAME_TOO_LONG"],
    ]);
    expect(errors[0]!.reason).toBe("日期重复：2026-10-01 已在第 1 行出现");
    expect(errors[2]!.reason).toBe("日期不存在：2026-02-30");
    for (const e of errors) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  test("a header is only recognised on the first content line", () => {
    const { rows, errors } = parseCalendarCsv("2026-10-01,holiday,\ndate,type,name\n");
    expect(rows.length).toBe(1);
    expect(errors).toEqual([{ line: 2, code: "CAL_CSV_DATE_FORMAT", reason: "日期格式错误：“date”，应为 YYYY-MM-DD" }]);
  });

  test("empty input", () => {
    expect(parseCalendarCsv("")).toEqual({ rows: [], errors: [] });
  });

  test("applyCalendarRows merges an import into a calendar", () => {
    const { rows } = parseCalendarCsv("2026-10-01,holiday,国庆节\n2026-10-10,workday,调休\n2026-09-28,holiday,测试\n");
    const base: WorkCalendar = { ...plain, holidays: ["2026-10-10"], workdays: ["2026-09-28"] };
    const merged = applyCalendarRows(base, rows);
    expect(merged.holidays).toEqual(["2026-09-28", "2026-10-01"]);
    expect(merged.workdays).toEqual(["2026-10-10"]);
    expect(base.holidays).toEqual(["2026-10-10"]); // input untouched
    expect(isWorkingDay(merged, "2026-10-10")).toBe(true);
    expect(isWorkingDay(merged, "2026-09-28")).toBe(false);
  });
});
