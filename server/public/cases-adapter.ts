// ADAPTER — the one file standing in for the cases/intake modules while branch `cases` has
// not committed them yet (its migrations/0020_cases.sql, server/intake/verbs/report.ts and
// server/cases/lifecycle.ts were read from /work/wt-cases and mirrored here, same names
// and input shapes). When `cases` is merged: replace `report` with
//   export { report } from "../intake/verbs/report.ts";
// and `STATE_NAMES` with the STATES of server/cases/lifecycle.ts, and drop ensureCasesSchema
// + cases-fallback.sql.
import { z } from "zod";
import type { Db } from "../core/db.ts";
import { tx } from "../core/db.ts";
import { type Actor, actorLabel } from "../core/context.ts";
import { Validation } from "../core/errors.ts";
import { shanghaiDate } from "../core/calendar.ts";
import { lookupGrid } from "../grid/index.ts";
import { CASES_FALLBACK_SQL as fallbackSql } from "./cases-fallback.ts";

export type CaseState =
  | "reported" | "verifying" | "filed" | "dispatched" | "in_progress" | "checking" | "to_close"
  | "suspended" | "closed" | "rejected" | "cancelled" | "merged";

export const STATE_NAMES: Record<CaseState, string> = {
  reported: "待受理", verifying: "核实中", filed: "待派遣", dispatched: "待接收", in_progress: "处置中",
  checking: "待核查", to_close: "待结案", suspended: "挂账", closed: "已结案", rejected: "不予立案",
  cancelled: "已作废", merged: "已合并",
};
export const CLOSED_STATES: CaseState[] = ["closed", "rejected", "cancelled", "merged"];

/** Create the cases tables when migration 0020 is not in this build (branch not merged yet). */
export function ensureCasesSchema(db: Db) {
  const has = db.sqlite.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'").get();
  if (!has) db.sqlite.exec(fallbackSql);
}

export type StoredFile = { path: string; mime: string; size: number; thumbPath?: string | null };

const schema = z.object({
  source: z.enum(["inspector", "hotline", "citizen", "video", "leader", "media", "self_check", "api"]),
  categoryId: z.number().int().positive().nullish(),
  urgency: z.enum(["normal", "urgent", "critical"]).default("normal"),
  description: z.string().trim().min(4, "请描述问题（至少 4 个字）").max(2000, "描述太长"),
  address: z.string().trim().max(200).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  reporterName: z.string().trim().max(50).nullish(),
  reporterPhone: z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, "电话号码格式不对").nullish().or(z.literal("")),
});
export type ReportInput = z.input<typeof schema> & { photos?: StoredFile[] };
export type ReportedCase = { id: number; no: string; state: string; created_at: string };

/** Mirror of server/intake/verbs/report.ts (cases branch): a new case in state "reported". */
export function report(db: Db, actor: Actor, input: ReportInput, now = new Date()): ReportedCase {
  const r = schema.safeParse(input);
  if (!r.success) {
    const fields: Record<string, string> = {};
    for (const i of r.error.issues) fields[String(i.path[0] ?? "_")] = i.message;
    throw Validation("case.invalid", "提交的内容不完整或有误，请检查后重试", fields);
  }
  const i = r.data;
  if (!i.address && (i.lng == null || i.lat == null)) throw Validation("report.location", "请填写地址或在地图上选点", { address: "请填写地址或在地图上选点" });
  const grid = i.lng != null && i.lat != null ? lookupGrid(db, i.lng, i.lat) : null;
  return tx(db, () => {
    const at = now.toISOString();
    const day = shanghaiDate(now).replaceAll("-", "");
    const n = (db.sqlite.query("INSERT INTO case_counters (day, n) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n").get(day) as { n: number }).n;
    const no = `${day}-${String(n).padStart(4, "0")}`;
    const { id } = db.sqlite
      .query(
        `INSERT INTO cases (no, source, state, category_id, urgency, description, address, lng, lat, grid_id, town_id, community_id,
           reporter_name, reporter_phone, reported_by, stage_started_at, created_at, updated_at)
         VALUES (?, ?, 'reported', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(no, i.source, i.categoryId ?? null, i.urgency, i.description, i.address ?? null, i.lng ?? null, i.lat ?? null,
        grid?.gridId ?? null, grid?.townId ?? null, grid?.communityId ?? null, i.reporterName || null, i.reporterPhone || null,
        actor.kind === "user" ? actor.userId : null, at, at, at) as { id: number };
    const ev = db.sqlite
      .query("INSERT INTO case_events (case_id, at, action, from_state, to_state, actor, user_id, note, data) VALUES (?, ?, 'report', NULL, 'reported', ?, NULL, ?, ?) RETURNING id")
      .get(id, at, actorLabel(actor), i.source, JSON.stringify({ grid: grid?.gridCode ?? null })) as { id: number };
    const ins = db.sqlite.query("INSERT INTO case_media (case_id, event_id, kind, path, mime, size, thumb_path, created_at, uploaded_by) VALUES (?, ?, 'before', ?, ?, ?, NULL, ?, NULL)");
    for (const f of input.photos ?? []) ins.run(id, ev.id, f.path, f.mime, f.size, at);
    return { id, no, state: "reported", created_at: at };
  });
}
