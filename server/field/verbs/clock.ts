// 考勤: clock in (签到) and clock out (签退) with the position where it happened.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict } from "../../core/errors.ts";
import { shanghaiDate } from "../../core/calendar.ts";
import { attendanceOfDay, type AttendanceRow } from "../queries.ts";
import { requireInspector, parse, lng, lat } from "./common.ts";

const schema = z.object({
  kind: z.enum(["in", "out"]),
  lng: lng.nullish(),
  lat: lat.nullish(),
  accuracy: z.number().min(0).nullish(),
});
export type ClockInput = z.input<typeof schema>;

export function clock(db: Db, actor: Actor, input: ClockInput, now = new Date()): AttendanceRow {
  const me = requireInspector(actor);
  const i = parse(schema, input, "field.clock_invalid");
  const day = shanghaiDate(now);
  return tx(db, () => {
    const last = attendanceOfDay(db, me.userId, day).at(-1);
    if (i.kind === "in" && last?.kind === "in") throw Conflict("field.already_in", "今天已签到，请勿重复签到");
    if (i.kind === "out" && last?.kind !== "in") throw Conflict("field.not_in", "今天还没有签到，不能签退");
    return db.sqlite
      .query<AttendanceRow, SQLQueryBindings[]>(
        "INSERT INTO attendance (user_id, day, kind, at, lng, lat, accuracy) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, kind, at, lng, lat, accuracy",
      )
      .get(me.userId, day, i.kind, now.toISOString(), i.lng ?? null, i.lat ?? null, i.accuracy ?? null)!;
  });
}
