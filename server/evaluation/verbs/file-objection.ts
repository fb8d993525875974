// 申诉: a department disputes one case's count (超期 / 返工 / 回退) with a reason.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, Conflict, NotFound, Forbidden, fieldErrors } from "../../core/errors.ts";
import { timelineRow } from "./timeline.ts";

export const INDICATOR_NAMES = { overdue: "超期", rework: "返工", return: "回退" } as const;
export type ObjectionIndicator = keyof typeof INDICATOR_NAMES;

const schema = z.object({
  caseNo: z.string().trim().min(1, "请填写案件编号"),
  departmentId: z.coerce.number().int().positive("请选择部门"),
  indicator: z.enum(["overdue", "rework", "return"], { message: "请选择申诉的指标" }),
  reason: z.string().trim().min(4, "申诉理由至少 4 个字").max(1000, "申诉理由不超过 1000 字"),
});

export function fileObjection(db: Db, actor: Actor, input: z.input<typeof schema>): { id: number } {
  const r = schema.safeParse(input);
  if (!r.success) {
    const fields = fieldErrors(r.error.issues);
    throw Validation("objection.invalid", Object.values(fields)[0] ?? "输入有误", fields);
  }
  const i = r.data;
  if (actor.kind !== "user") throw Forbidden();
  // A department user may only object for their own department; shift leads/admins for any.
  if (!actor.roles.some((x) => x === "shift_lead" || x === "admin") && actor.departmentId !== i.departmentId) {
    throw Forbidden("只能为本部门提出申诉");
  }
  return tx(db, () => {
    const c = db.sqlite.query<{ id: number }, SQLQueryBindings[]>("SELECT id FROM cases WHERE no = ?").get(i.caseNo);
    if (!c) throw NotFound("案件", "case.not_found");
    const dispatched = db.sqlite
      .query(
        "SELECT 1 FROM case_events WHERE case_id = ? AND action IN ('dispatch','sub_dispatch') AND json_extract(data, '$.departmentId') = ?",
      )
      .get(c.id, i.departmentId);
    if (!dispatched)
      throw Validation("objection.not_assigned", "该案件未派遣给本部门，无需申诉", { caseNo: "该案件未派遣给本部门" });
    const open = db.sqlite
      .query<{ status: string }, SQLQueryBindings[]>(
        "SELECT status FROM eval_objections WHERE case_id = ? AND department_id = ? AND indicator = ? AND status <> 'rejected'",
      )
      .get(c.id, i.departmentId, i.indicator);
    if (open)
      throw Conflict(
        "objection.exists",
        open.status === "pending" ? "该案件的同一指标已有待审核的申诉" : "该案件的同一指标申诉已通过",
      );
    const at = nowIso();
    const row = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO eval_objections (case_id, department_id, indicator, reason, status, filed_by, filed_at) VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING id",
      )
      .get(c.id, i.departmentId, i.indicator, i.reason, actor.userId, at)!;
    timelineRow(db, actor, c.id, "objection", at, i.reason, {
      objectionId: row.id,
      departmentId: i.departmentId,
      indicator: i.indicator,
    });
    return row;
  });
}
