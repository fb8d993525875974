// 更正位置: before dispatch, the supervision centre moves a case to where the problem really is
// (from the map on the case page). Grid, street and community follow the new point.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { transition } from "../transition.ts";
import { lookupGrid } from "../refdata.ts";
import { type Base, base, parse } from "./common.ts";

const schema = z.object({ ...base, lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });

export function relocate(db: Db, actor: Actor, input: Base & { lng: number; lat: number }) {
  const i = parse(schema, input);
  const g = lookupGrid(db, i.lng, i.lat);
  if (!g)
    throw Validation("case.outside_grids", "这个位置不在本县的任何单元网格内，请重新选点", {
      lng: "位置不在任何单元网格内",
    });
  const old = db.sqlite
    .query<{ lng: number | null; lat: number | null }, SQLQueryBindings[]>("SELECT lng, lat FROM cases WHERE id = ?")
    .get(i.caseId);
  return transition(db, actor, {
    caseId: i.caseId,
    action: "relocate",
    expect: i.expect,
    note: i.note ?? null,
    patch: { lng: i.lng, lat: i.lat, grid_id: g.gridId, town_id: g.townId, community_id: g.communityId },
    data: { from: old ? { lng: old.lng, lat: old.lat } : null, to: { lng: i.lng, lat: i.lat }, grid: g.gridCode },
  });
}
