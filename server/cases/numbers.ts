// Case numbers people can read over the phone: YYYYMMDD-NNNN (Shanghai date + daily serial).
// A counter row per day, bumped atomically: never max()+1, never reused.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { shanghaiDate } from "../core/calendar.ts";

export function nextCaseNo(db: Db, now = new Date()): string {
  const day = shanghaiDate(now).replaceAll("-", "");
  const r = db.sqlite
    .query<{ n: number }, SQLQueryBindings[]>(
      "INSERT INTO case_counters (day, n) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n",
    )
    .get(day)!;
  return `${day}-${String(r.n).padStart(4, "0")}`;
}
