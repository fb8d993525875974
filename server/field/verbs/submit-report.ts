// 监督员上报 from the phone, possibly replayed from the offline queue: the client id makes it
// idempotent — the same report sent twice creates one case and answers the second time with it.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict, Validation } from "../../core/errors.ts";
import { submissionByClientId } from "../queries.ts";
import { fileReport, type StoredFile } from "../cases-adapter.ts";
import { requireInspector, parse, clientId } from "./common.ts";

// Any number: the place itself is judged by the channels' location rule (grid/location.ts via createCase).
const lng = z.number({ message: "还没有位置，请定位或在地图上选点" });
const lat = lng;

const schema = z.object({
  clientId,
  madeAt: z.string().datetime({ offset: true }).nullish(),
  categoryId: z.number({ message: "请选择问题类别" }).int().positive("请选择问题类别"),
  description: z.string().trim().min(2, "请简单描述问题").max(500, "描述太长（最多 500 字）"),
  address: z.string().trim().max(200).nullish(),
  lng,
  lat,
  componentId: z.number().int().positive().nullish(),
});
export type SubmitReportInput = z.input<typeof schema> & { photos: StoredFile[]; confirmOutside?: boolean };
export type SubmitResult = { caseId: number; no: string; duplicate: boolean };

/** Is this client id already applied (by this inspector)? Throws if another user used it. */
export function alreadySubmitted(db: Db, userId: number, id: string): { caseId: number; no: string } | null {
  const s = submissionByClientId(db, id);
  if (!s) return null;
  if (s.user_id !== userId) throw Conflict("field.client_id_taken", "提交编号冲突，请重新提交");
  const c = db.sqlite.query<{ no: string }, SQLQueryBindings[]>("SELECT no FROM cases WHERE id = ?").get(s.case_id)!;
  return { caseId: s.case_id, no: c.no };
}

export function submitReport(db: Db, actor: Actor, input: SubmitReportInput): SubmitResult {
  const me = requireInspector(actor);
  const i = parse(schema, input, "field.report_invalid");
  if (!input.photos?.length)
    throw Validation("field.photo_required", "请至少拍一张现场照片", { photos: "请至少拍一张现场照片" });
  return tx(db, () => {
    const dup = alreadySubmitted(db, me.userId, i.clientId);
    if (dup) return { ...dup, duplicate: true };
    const row = fileReport(db, actor, {
      categoryId: i.categoryId,
      description: i.description,
      address: i.address ?? null,
      lng: i.lng,
      lat: i.lat,
      componentId: i.componentId ?? null,
      photos: input.photos,
      locationCheck: { confirmed: !!input.confirmOutside },
    });
    db.sqlite
      .query(
        "INSERT INTO field_submissions (client_id, user_id, kind, case_id, made_at, received_at) VALUES (?, ?, 'report', ?, ?, ?)",
      )
      .run(i.clientId, me.userId, row.id, i.madeAt ?? null, nowIso());
    return { caseId: row.id, no: row.no, duplicate: false };
  });
}
