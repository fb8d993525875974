// 问题上报: a report from any source becomes a case in state "reported" with its number,
// location resolved to a unit grid and town, photos, and the filing clock started.
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, onCommit } from "../../core/db.ts";
import { type Actor, actorLabel } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { SOURCES, URGENCIES, type Source, type Urgency } from "../../cases/lifecycle.ts";
import { lookupGrid, categoryById } from "../../cases/refdata.ts";
import { computeClock, loadCase } from "../../cases/transition.ts";
import { saveMedia, parse, type StoredFile } from "../../cases/verbs/common.ts";
import { nextCaseNo } from "../numbers.ts";
import { busFor } from "../../cases/events.ts";
import { notifyUsers, usersWithRole } from "../../notify/index.ts";
import type { CaseRow } from "../../cases/model.ts";

const schema = z.object({
  source: z.enum(Object.keys(SOURCES) as [Source, ...Source[]], { message: "请选择问题来源" }),
  categoryId: z.number().int().positive().nullish(),
  urgency: z.enum(Object.keys(URGENCIES) as [Urgency, ...Urgency[]]).default("normal"),
  description: z.string().trim().min(4, "请描述问题（至少 4 个字）").max(2000, "描述太长"),
  address: z.string().trim().max(200).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  componentId: z.number().int().positive().nullish(),
  reporterName: z.string().trim().max(50).nullish(),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{5,20}$/, "电话号码格式不对")
    .nullish()
    .or(z.literal("")),
});
export type ReportInput = z.input<typeof schema> & { photos?: StoredFile[] };

export function report(db: Db, actor: Actor, input: ReportInput, now = new Date()): CaseRow {
  const i = parse(schema, input);
  if (!i.address && (i.lng == null || i.lat == null))
    throw Validation("report.location", "请填写地址或在地图上选点", { address: "请填写地址或在地图上选点" });
  if (i.categoryId && !categoryById(db, i.categoryId))
    throw Validation("report.category", "问题类别不存在", { categoryId: "问题类别不存在" });
  const grid = i.lng != null && i.lat != null ? lookupGrid(db, i.lng, i.lat) : null;
  return tx(db, () => {
    const at = now.toISOString();
    const no = nextCaseNo(db, now);
    const clock = computeClock(db, { category_id: i.categoryId ?? null, urgency: i.urgency }, "file", now);
    const { id } = db.sqlite
      .query(
        `INSERT INTO cases (no, source, state, category_id, urgency, description, address, lng, lat, grid_id, town_id, community_id, component_id,
           reporter_name, reporter_phone, reported_by, stage_started_at, due_at, warn_at, created_at, updated_at)
         VALUES (?, ?, 'reported', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        no,
        i.source,
        i.categoryId ?? null,
        i.urgency,
        i.description,
        i.address ?? null,
        i.lng ?? null,
        i.lat ?? null,
        grid?.gridId ?? null,
        grid?.townId ?? null,
        grid?.communityId ?? null,
        i.componentId ?? null,
        i.reporterName || null,
        i.reporterPhone || null,
        actor.kind === "user" ? actor.userId : null,
        at,
        clock.due,
        clock.warn,
        at,
        at,
      ) as { id: number };
    const ev = db.sqlite
      .query(
        "INSERT INTO case_events (case_id, at, action, from_state, to_state, actor, user_id, note, data) VALUES (?, ?, 'report', NULL, 'reported', ?, ?, ?, ?) RETURNING id",
      )
      .get(
        id,
        at,
        actorLabel(actor),
        actor.kind === "user" ? actor.userId : null,
        `${SOURCES[i.source]}`,
        JSON.stringify({ grid: grid?.gridCode ?? null }),
      ) as { id: number };
    saveMedia(db, actor, id, ev.id, "before", input.photos);
    const bus = busFor(db);
    notifyUsers(
      db,
      bus,
      usersWithRole(db, "intake").filter((u) => actor.kind !== "user" || u !== actor.userId),
      { caseId: id, kind: "report", text: `新上报 ${no}：${i.description.slice(0, 30)}` },
    );
    if (bus)
      onCommit(db, () =>
        bus.publish("case", { caseId: id, no, action: "report", from: null, to: "reported", departmentId: null }),
      );
    return loadCase(db, id);
  });
}
