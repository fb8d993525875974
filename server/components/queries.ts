// Reads about components (部件), their change history and import batches.
import type { SQLQueryBindings } from "bun:sqlite";
import type { importBatches } from "../grid/tables.ts";
import type { Db } from "../core/db.ts";

export const STATUS_NAMES: Record<string, string> = { normal: "完好", damaged: "破损", lost: "丢失", removed: "移除" };

export type ComponentRow = {
  id: number;
  code: string;
  category_id: number;
  name: string | null;
  lng: number;
  lat: number;
  grid_id: number | null;
  owner_dept_id: number | null;
  maint_dept_id: number | null;
  status: string;
  address: string | null;
  photos: string | null;
  installed_on: string | null;
  surveyed_on: string | null;
  created_at: string;
  updated_at: string;
};
export type ComponentView = ComponentRow & {
  category_code: string;
  category_name: string;
  edition: string;
  grid_code: string | null;
  owner_name: string | null;
  maint_name: string | null;
};

const VIEW = `SELECT c.*, k.code AS category_code, k.small_name AS category_name, k.edition, g.code AS grid_code, o.name AS owner_name, m.name AS maint_name
  FROM components c JOIN categories k ON k.id = c.category_id LEFT JOIN grids g ON g.id = c.grid_id
  LEFT JOIN departments o ON o.id = c.owner_dept_id LEFT JOIN departments m ON m.id = c.maint_dept_id`;

/** Search by code prefix or name; newest first is not meaningful here, so ordered by code. */
export function searchComponents(
  db: Db,
  o: { q?: string; status?: string; limit?: number; offset?: number } = {},
): { rows: ComponentView[]; total: number } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const q = (o.q ?? "").trim();
  if (q) {
    if (/^\d+$/.test(q)) where.push("c.code >= ? AND c.code < ?"), args.push(q, q + ":");
    else where.push("c.name LIKE ?"), args.push(`%${q}%`);
  }
  if (o.status) where.push("c.status = ?"), args.push(o.status);
  const w = where.length ? "WHERE " + where.join(" AND ") : "";
  const total = db.sqlite
    .query<{ n: number }, SQLQueryBindings[]>(`SELECT count(*) AS n FROM components c ${w}`)
    .get(...args)!.n;
  const rows = db.sqlite
    .query<ComponentView, SQLQueryBindings[]>(`${VIEW} ${w} ORDER BY c.code LIMIT ? OFFSET ?`)
    .all(...args, o.limit ?? 50, o.offset ?? 0);
  return { rows, total };
}

export function componentById(db: Db, id: number): ComponentView | null {
  return db.sqlite.query<ComponentView, SQLQueryBindings[]>(`${VIEW} WHERE c.id = ?`).get(id);
}

export type ChangeRow = {
  id: number;
  at: string;
  actor: string;
  action: string;
  before: string | null;
  after: string | null;
  batch_id: number | null;
};
export function componentChanges(db: Db, id: number): ChangeRow[] {
  return db.sqlite
    .query<ChangeRow, SQLQueryBindings[]>(
      "SELECT id, at, actor, action, before, after, batch_id FROM component_changes WHERE component_id = ? ORDER BY id DESC",
    )
    .all(id);
}

export type BatchRow = typeof importBatches.$inferSelect;
export function batchById(db: Db, id: number): BatchRow | null {
  return db.sqlite.query<BatchRow, SQLQueryBindings[]>("SELECT * FROM import_batches WHERE id = ?").get(id);
}
export function recentBatches(db: Db, kind: string, limit = 10): BatchRow[] {
  return db.sqlite
    .query<BatchRow, SQLQueryBindings[]>(
      "SELECT id, kind, file_name, status, total, imported, rejected, NULL AS report, started_at, finished_at FROM import_batches WHERE kind = ? ORDER BY id DESC LIMIT ?",
    )
    .all(kind, limit);
}
