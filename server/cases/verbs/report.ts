// 问题上报 (createCase): a report from any source (inspector, hotline, citizen, 12345 order…)
// becomes a case in state "reported" with its number, location resolved to a unit grid and
// town, photos, and the filing clock started. The row and its first timeline event are
// written by openCase() (timeline.ts); intake operators are told, the bus after commit.
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { CHANNELS, SOURCES, URGENCIES, type Source, type Urgency } from "../lifecycle.ts";
import { lookupGrid, categoryById, checkLocation, OUTSIDE_GRIDS_QUESTION } from "../refdata.ts";
import { computeClock, loadCase } from "../transition.ts";
import { announce, openCase } from "../timeline.ts";
import { saveMedia, parse, type StoredFile } from "./common.ts";
import { nextCaseNo } from "../numbers.ts";
import { recipients } from "../recipients.ts";
import type { CaseRow } from "../model.ts";

const schema = z.object({
  source: z.enum(Object.keys(SOURCES) as [Source, ...Source[]], { message: "请选择问题来源" }),
  channel: z.enum(CHANNELS).nullish(),
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
export type ReportInput = z.input<typeof schema> & {
  photos?: StoredFile[];
  /** Set by the report channels (desk, phone, portal): the point is checked (grid/location.ts); a point
   *  outside every unit grid needs `confirmed` and the case waits in the 位置待核实 queue. */
  locationCheck?: { confirmed: boolean };
};

/** The channels' location rule: refusals and the confirmation question as validation errors. */
function checkReportLocation(db: Db, lng: number, lat: number, confirmed: boolean) {
  const r = checkLocation(db, lng, lat);
  if (!r.ok) throw Validation(r.code, r.message, { lng: r.message });
  if (!r.grid && !confirmed)
    throw Validation("location.unconfirmed", OUTSIDE_GRIDS_QUESTION, { lng: OUTSIDE_GRIDS_QUESTION });
  return r.grid;
}

export function createCase(db: Db, actor: Actor, input: ReportInput, now = new Date()): CaseRow {
  const i = parse(schema, input);
  if (!i.address && (i.lng == null || i.lat == null))
    throw Validation("report.location", "请填写地址或在地图上选点", { address: "请填写地址或在地图上选点" });
  if (i.categoryId && !categoryById(db, i.categoryId))
    throw Validation("report.category", "问题类别不存在", { categoryId: "问题类别不存在" });
  const at = i.lng != null && i.lat != null ? { lng: i.lng, lat: i.lat } : null;
  const grid = !at
    ? null
    : input.locationCheck
      ? checkReportLocation(db, at.lng, at.lat, input.locationCheck.confirmed)
      : lookupGrid(db, at.lng, at.lat);
  return tx(db, () => {
    const no = nextCaseNo(db, now);
    const clock = computeClock(db, { category_id: i.categoryId ?? null, urgency: i.urgency }, "file", now);
    const { id, eventId } = openCase(
      db,
      actor,
      {
        no,
        source: i.source,
        channel: i.channel ?? null,
        categoryId: i.categoryId ?? null,
        urgency: i.urgency,
        description: i.description,
        address: i.address ?? null,
        lng: i.lng ?? null,
        lat: i.lat ?? null,
        gridId: grid?.gridId ?? null,
        townId: grid?.townId ?? null,
        communityId: grid?.communityId ?? null,
        componentId: i.componentId ?? null,
        reporterName: i.reporterName || null,
        reporterPhone: i.reporterPhone || null,
        due: clock.due,
        warn: clock.warn,
      },
      {
        at: now.toISOString(),
        note: SOURCES[i.source],
        data: { grid: grid?.gridCode ?? null, ...(at && !grid ? { location_unverified: true } : {}) },
      },
    );
    saveMedia(db, actor, id, eventId, "before", input.photos);
    const row = loadCase(db, id);
    announce(
      db,
      row,
      { action: "report", from: null, to: "reported" },
      {
        userIds: recipients(db, row, "report", actor),
        kind: "report",
        text: `新上报 ${no}：${i.description.slice(0, 30)}`,
      },
    );
    return row;
  });
}
