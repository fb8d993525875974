// 派发核实: the intake operator asks an inspector to verify a report.
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { transition } from "../transition.ts";
import type { Base } from "./common.ts";
import { assertInspector } from "./inspector.ts";

export function requestVerify(db: Db, actor: Actor, input: Base & { inspectorId: number }) {
  assertInspector(db, input.inspectorId);
  return transition(db, actor, {
    caseId: input.caseId,
    action: "request_verify",
    expect: input.expect,
    note: input.note,
    patch: { inspector_id: input.inspectorId },
    data: { inspectorId: input.inspectorId },
  });
}
