// Reads for the grid admin pages: unit grids, responsibility grids and their inspectors.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../core/db.ts";
import type { GridListRow } from "../../views/admin/reference.tsx";
import { prepared } from "../core/prepared.ts";
import { userRoles, users } from "../auth/tables.ts";
import { grids, respGridInspectors, respGrids, respGridUnits } from "./tables.ts";

/** One page of unit grids in code order, filtered by a code prefix or a name (grid, community, town). */
export function gridPage(db: Db, q: string, limit: number, offset: number): { total: number; rows: GridListRow[] } {
  const where = q ? "WHERE g.code LIKE ?1 OR g.name LIKE ?2 OR cm.name LIKE ?2 OR t.name LIKE ?2" : "";
  const args = q ? [`${q}%`, `%${q}%`] : [];
  const from = `FROM grids g JOIN regions cm ON cm.id = g.community_id JOIN regions t ON t.id = g.town_id ${where}`;
  const total = db.sqlite.query<{ n: number }, string[]>(`SELECT count(*) AS n ${from}`).get(...args)!.n;
  const rows = db.sqlite
    .query<GridListRow, string[]>(
      `SELECT g.id, g.code, g.name, t.name AS town, cm.name AS community, round(g.area_m2) AS area,
       (SELECT group_concat(r.name, '、') FROM resp_grid_units u JOIN resp_grids r ON r.id = u.resp_grid_id WHERE u.grid_id = g.id) AS resp
     ${from} ORDER BY g.code LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
    )
    .all(...args);
  return { total, rows };
}

export type RespGridListRow = { id: number; code: string; name: string; units: number; inspectors: string | null };
/** Responsibility grids with their unit count and inspectors' names. */
export function respGridList(db: Db): RespGridListRow[] {
  return db.sqlite
    .query<RespGridListRow, []>(
      `SELECT r.id, r.code, r.name, (SELECT count(*) FROM resp_grid_units u WHERE u.resp_grid_id = r.id) AS units,
         (SELECT group_concat(u.name, '、') FROM resp_grid_inspectors i JOIN users u ON u.id = i.user_id WHERE i.resp_grid_id = r.id) AS inspectors
       FROM resp_grids r ORDER BY r.code`,
    )
    .all();
}

const q = prepared((orm) => ({
  gridByCode: orm
    .select({ id: grids.id })
    .from(grids)
    .where(eq(grids.code, sql.placeholder("code")))
    .prepare(),
  resp: orm
    .select({ code: respGrids.code, name: respGrids.name })
    .from(respGrids)
    .where(eq(respGrids.id, sql.placeholder("id")))
    .prepare(),
  respUnits: orm
    .select({ code: grids.code })
    .from(respGridUnits)
    .innerJoin(grids, eq(grids.id, respGridUnits.grid_id))
    .where(eq(respGridUnits.resp_grid_id, sql.placeholder("id")))
    .orderBy(grids.code)
    .prepare(),
  respInspectors: orm
    .select({ user_id: respGridInspectors.user_id })
    .from(respGridInspectors)
    .where(eq(respGridInspectors.resp_grid_id, sql.placeholder("id")))
    .prepare(),
  inspectors: orm
    .select({ id: users.id, name: users.name, username: users.username })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.user_id, users.id), eq(userRoles.role, "inspector")))
    .where(eq(users.active, 1))
    .orderBy(users.username)
    .prepare(),
}));

export const gridIdByCode = (db: Db, code: string): number | null => q(db).gridByCode.get({ code })?.id ?? null;

/** A responsibility grid with its unit grids' codes and its inspectors' user ids; null when unknown. */
export function respGridById(db: Db, id: number) {
  const r = q(db).resp.get({ id });
  if (!r) return null;
  return {
    ...r,
    gridCodes: q(db)
      .respUnits.all({ id })
      .map((x) => x.code),
    inspectorIds: q(db)
      .respInspectors.all({ id })
      .map((x) => x.user_id),
  };
}

/** Active inspectors by username, for the responsibility grid form. */
export const activeInspectors = (db: Db) => q(db).inspectors.all();
