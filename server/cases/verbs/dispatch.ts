// 派遣: the dispatcher sends a filed case to the responsible department (proposed from routing rules).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { transition, loadCase } from "../transition.ts";
import type { Base } from "./common.ts";
import { proposeDepartment } from "../refdata.ts";
import { departmentById } from "../../departments/index.ts";

export function dispatch(db: Db, actor: Actor, input: Base & { departmentId?: number | null }) {
  const row = loadCase(db, input.caseId);
  const proposal = row.category_id
    ? proposeDepartment(db, { categoryId: row.category_id, gridId: row.grid_id, componentId: row.component_id })
    : null;
  const deptId = input.departmentId ?? proposal?.departmentId;
  const dept = deptId ? departmentById(db, deptId) : null;
  if (!dept?.active) throw Validation("case.department", "请选择处置部门", { departmentId: "请选择处置部门" });
  return transition(db, actor, {
    caseId: input.caseId,
    action: "dispatch",
    expect: input.expect,
    note: input.note,
    patch: { department_id: dept.id, dispatched_at: new Date().toISOString() },
    data: {
      departmentId: dept.id,
      departmentName: dept.name,
      proposed: proposal?.departmentId ?? null,
      rule: proposal?.rule ?? null,
    },
  });
}
