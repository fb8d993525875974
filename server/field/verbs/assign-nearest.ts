// 就近派发: the supervision centre sends a verify/check task to the nearest inspector on patrol.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { hasRole } from "../../core/context.ts";
import { Conflict, Forbidden, NotFound, Validation } from "../../core/errors.ts";
import { availableInspectors, type Available } from "../queries.ts";
import { assignInspector, type CaseRow } from "../cases-adapter.ts";
import { parse } from "./common.ts";

const schema = z.object({ caseId: z.number().int().positive(), note: z.string().trim().max(500).nullish() });

export function assignNearest(
  db: Db,
  actor: Actor,
  input: z.input<typeof schema>,
  now = new Date(),
): { row: CaseRow; inspector: Available } {
  if (!hasRole(actor, "intake", "shift_lead")) throw Forbidden();
  const i = parse(schema, input);
  return tx(db, () => {
    const row = db.sqlite.query<CaseRow, SQLQueryBindings[]>("SELECT * FROM cases WHERE id = ?").get(i.caseId);
    if (!row) throw NotFound("案件", "case.not_found");
    if (row.state !== "reported" && row.state !== "checking")
      throw Conflict("field.not_assignable", `案件 ${row.no} 当前不需要核实或核查`);
    if (row.lng == null || row.lat == null)
      throw Validation("field.no_position", `案件 ${row.no} 没有位置，无法就近派发`);
    const nearest = availableInspectors(db, row.lng, row.lat, now)[0];
    if (!nearest) throw Conflict("field.nobody_on_patrol", "当前没有正在巡查的监督员");
    const after = assignInspector(
      db,
      actor,
      row,
      nearest.user_id,
      i.note ?? `就近派发给 ${nearest.name}（约 ${nearest.distance_m} 米）`,
    );
    return { row: after, inspector: nearest };
  });
}
