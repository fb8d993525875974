// 立案: the intake operator files a report as a case (category and urgency may be corrected).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { transition, loadCase } from "../transition.ts";
import type { Base } from "./common.ts";
import { categoryById } from "../refdata.ts";
import { URGENCIES, type Urgency } from "../lifecycle.ts";

export function fileCase(db: Db, actor: Actor, input: Base & { categoryId?: number | null; urgency?: Urgency | null }) {
  const row = loadCase(db, input.caseId);
  const categoryId = input.categoryId ?? row.category_id;
  if (!categoryId || !categoryById(db, categoryId))
    throw Validation("case.category", "立案前请选择问题类别", { categoryId: "请选择问题类别" });
  const urgency = input.urgency ?? row.urgency;
  if (!(urgency in URGENCIES)) throw Validation("case.urgency", "紧急程度无效", { urgency: "紧急程度无效" });
  return transition(db, actor, {
    caseId: input.caseId,
    action: "file",
    expect: input.expect,
    note: input.note,
    patch: { category_id: categoryId, urgency, filed_at: new Date().toISOString() },
  });
}
