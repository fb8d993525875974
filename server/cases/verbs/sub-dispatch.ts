// 二级派遣: a town sub-centre passes its case to one of its sub-units (departments.level town → unit child).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, Forbidden } from "../../core/errors.ts";
import { transition, loadCase } from "../transition.ts";
import type { Base } from "./common.ts";
import { departmentById } from "../../departments/index.ts";

export function subDispatch(db: Db, actor: Actor, input: Base & { departmentId: number }) {
  const row = loadCase(db, input.caseId);
  const own = actor.kind === "user" && actor.departmentId ? departmentById(db, actor.departmentId) : null;
  if (own?.level !== "town" || row.department_id !== own.id)
    throw Forbidden("只有案件所属的乡镇/街道分中心可以二级派遣");
  const unit = departmentById(db, input.departmentId);
  if (!unit || unit.parent_id !== own.id || unit.level !== "unit" || !unit.active) {
    throw Validation("case.sub_unit", "请选择本分中心下属的处置单位", { departmentId: "请选择本分中心下属的处置单位" });
  }
  return transition(db, actor, {
    caseId: input.caseId,
    action: "sub_dispatch",
    expect: input.expect,
    note: input.note,
    clock: "keep",
    patch: { department_id: unit.id },
    data: { departmentId: unit.id, departmentName: unit.name, fromDepartmentId: own.id },
  });
}
