// Reads for 城管通: the inspector's tasks and reports, patrols and tracks, attendance, nearby things.
import type { SQLQueryBindings } from "bun:sqlite";
import type { fieldSubmissions, patrols } from "./tables.ts";
import type { Db } from "../core/db.ts";
import { activeEdition } from "../catalog/index.ts";
import { haversineMeters } from "../core/coords.ts";
import { lookupGrid, type GridHit } from "../grid/index.ts";

/** A patrol counts as "available" for a task when its last point is at most this old. */
export const AVAILABLE_MINUTES = 10;

export type Task = {
  id: number;
  no: string;
  state: "verifying" | "checking";
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  due_at: string | null;
  warn_at: string | null;
  suspended_remaining: number | null;
  category: string | null;
  distance_m: number | null;
};

/** Verify (核实) and check (核查) tasks assigned to this inspector, nearest first when a position is known, else by deadline. */
export function myTasks(db: Db, userId: number, from?: { lng: number; lat: number } | null): Task[] {
  const rows = db.sqlite
    .query<Omit<Task, "distance_m">, SQLQueryBindings[]>(
      `SELECT c.id, c.no, c.state, c.description, c.address, c.lng, c.lat, c.due_at, c.warn_at, c.suspended_remaining,
              cat.small_name AS category
       FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id
       WHERE c.inspector_id = ? AND c.state IN ('verifying', 'checking')`,
    )
    .all(userId);
  const out = rows.map((r) => ({
    ...r,
    distance_m:
      from && r.lng != null && r.lat != null ? Math.round(haversineMeters([from.lng, from.lat], [r.lng, r.lat])) : null,
  }));
  return out.sort((a, b) => {
    if (a.distance_m != null && b.distance_m != null && a.distance_m !== b.distance_m)
      return a.distance_m - b.distance_m;
    if (a.distance_m != null && b.distance_m == null) return -1;
    if (a.distance_m == null && b.distance_m != null) return 1;
    return (a.due_at ?? "9").localeCompare(b.due_at ?? "9") || a.id - b.id;
  });
}

/** One task, only if it is assigned to this inspector and still open for them. */
export function myTask(db: Db, userId: number, caseId: number): Task | null {
  return myTasks(db, userId).find((t) => t.id === caseId) ?? null;
}

export type MyReport = {
  case_id: number;
  no: string;
  state: string;
  description: string;
  address: string | null;
  category: string | null;
  created_at: string;
  client_id: string | null;
};

/** Everything this inspector reported (through the phone or otherwise), newest first. */
export function myReports(db: Db, userId: number, limit = 100): MyReport[] {
  return db.sqlite
    .query<MyReport, SQLQueryBindings[]>(
      `SELECT c.id AS case_id, c.no, c.state, c.description, c.address, cat.small_name AS category, c.created_at,
              (SELECT s.client_id FROM field_submissions s WHERE s.case_id = c.id AND s.kind = 'report') AS client_id
       FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id
       WHERE c.reported_by = ? AND c.source = 'inspector'
       ORDER BY c.id DESC LIMIT ?`,
    )
    .all(userId, limit);
}

export type Submission = typeof fieldSubmissions.$inferSelect;

export function submissionByClientId(db: Db, clientId: string): Submission | null {
  return db.sqlite
    .query<Submission, SQLQueryBindings[]>("SELECT * FROM field_submissions WHERE client_id = ?")
    .get(clientId);
}

export type CategoryOption = {
  id: number;
  kind: "component" | "event";
  code: string;
  big_name: string;
  small_name: string;
};

/** Categories for the picker: the inspector's recent choices first (most recent first), then the catalogue by code. */
export function categoryOptions(
  db: Db,
  userId: number,
  recentLimit = 6,
): { recent: CategoryOption[]; all: CategoryOption[] } {
  const edition = activeEdition(db);
  const all = db.sqlite
    .query<CategoryOption, SQLQueryBindings[]>(
      "SELECT id, kind, code, big_name, small_name FROM categories WHERE edition = ? AND active = 1 ORDER BY kind DESC, code",
    )
    .all(edition);
  // Recent choices come first, only those of the edition in force (an administrator may switch editions).
  const recent = db.sqlite
    .query<CategoryOption, SQLQueryBindings[]>(
      `SELECT c.id, c.kind, c.code, c.big_name, c.small_name FROM categories c
       JOIN (SELECT category_id, MAX(id) AS last FROM cases WHERE reported_by = ? AND category_id IS NOT NULL GROUP BY category_id) r ON r.category_id = c.id
       WHERE c.active = 1 AND c.edition = ? ORDER BY r.last DESC LIMIT ?`,
    )
    .all(userId, edition, recentLimit);
  return { recent, all };
}

export type NearComponent = {
  id: number;
  code: string;
  name: string | null;
  category: string | null;
  lng: number;
  lat: number;
  distance_m: number;
};

/** Components within `radius` metres, nearest first. */
export function nearbyComponents(db: Db, lng: number, lat: number, radius = 60, limit = 8): NearComponent[] {
  const dLat = radius / 111_320;
  const dLng = radius / (111_320 * Math.max(0.2, Math.cos((lat * Math.PI) / 180)));
  const rows = db.sqlite
    .query<NearComponent, SQLQueryBindings[]>(
      `SELECT c.id, c.code, c.name, c.lng, c.lat, cat.small_name AS category
       FROM components_rtree r JOIN components c ON c.id = r.id LEFT JOIN categories cat ON cat.id = c.category_id
       WHERE r.min_lng <= ? AND r.max_lng >= ? AND r.min_lat <= ? AND r.max_lat >= ? AND c.status != 'removed'`,
    )
    .all(lng + dLng, lng - dLng, lat + dLat, lat - dLat);
  return rows
    .map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      category: r.category,
      lng: r.lng,
      lat: r.lat,
      distance_m: Math.round(haversineMeters([lng, lat], [r.lng, r.lat])),
    }))
    .filter((r) => r.distance_m <= radius)
    .sort((a, b) => a.distance_m - b.distance_m)
    .slice(0, limit);
}

export function componentByCode(db: Db, code: string): { id: number; code: string; name: string | null } | null {
  return db.sqlite
    .query<
      {
        id: number;
        code: string;
        name: string | null;
      },
      SQLQueryBindings[]
    >("SELECT id, code, name FROM components WHERE code = ?")
    .get(code);
}

export type Located = {
  grid: GridHit | null;
  respGrids: { id: number; code: string; name: string }[];
  components: NearComponent[];
  /** Nearby unit grid outlines for the fallback map: [code, [[lng, lat], …]]. */
  outlines: { code: string; ring: [number, number][] }[];
};

/** What the report screen shows for a position: unit grid, street/community, responsibility grid, nearby components. */
export function locate(db: Db, lng: number, lat: number): Located {
  const grid = lookupGrid(db, lng, lat);
  const respGrids = grid
    ? db.sqlite
        .query<{ id: number; code: string; name: string }, SQLQueryBindings[]>(
          "SELECT r.id, r.code, r.name FROM resp_grid_units u JOIN resp_grids r ON r.id = u.resp_grid_id WHERE u.grid_id = ? ORDER BY r.code",
        )
        .all(grid.gridId)
    : [];
  const d = 0.003;
  const near = db.sqlite
    .query<{ code: string; geometry: string }, SQLQueryBindings[]>(
      "SELECT code, geometry FROM grids WHERE min_lng <= ? AND max_lng >= ? AND min_lat <= ? AND max_lat >= ? LIMIT 40",
    )
    .all(lng + d, lng - d, lat + d, lat - d);
  const outlines = near.flatMap((g) => {
    const geo = JSON.parse(g.geometry) as { type: string; coordinates: any };
    const ring =
      geo.type === "Polygon" ? geo.coordinates[0] : geo.type === "MultiPolygon" ? geo.coordinates[0]?.[0] : null;
    return ring ? [{ code: g.code, ring: ring as [number, number][] }] : [];
  });
  return { grid, respGrids, components: nearbyComponents(db, lng, lat), outlines };
}

export type Patrol = typeof patrols.$inferSelect;

export function openPatrol(db: Db, userId: number): Patrol | null {
  return db.sqlite
    .query<Patrol, SQLQueryBindings[]>("SELECT * FROM patrols WHERE user_id = ? AND ended_at IS NULL")
    .get(userId);
}

export function patrolById(db: Db, id: number): Patrol | null {
  return db.sqlite.query<Patrol, SQLQueryBindings[]>("SELECT * FROM patrols WHERE id = ?").get(id);
}

export type TrackPoint = { at: string; lng: number; lat: number; accuracy: number | null; grid_id: number | null };

export function track(db: Db, patrolId: number): TrackPoint[] {
  return db.sqlite
    .query<TrackPoint, SQLQueryBindings[]>(
      "SELECT at, lng, lat, accuracy, grid_id FROM patrol_points WHERE patrol_id = ? ORDER BY at",
    )
    .all(patrolId);
}

export type DayPatrol = Patrol & { name: string; track: TrackPoint[] };

/** Every patrol of a day (Shanghai date) with its inspector's name and track. */
export function patrolsOfDay(db: Db, day: string): DayPatrol[] {
  const rows = db.sqlite
    .query<Patrol & { name: string }, SQLQueryBindings[]>(
      "SELECT p.*, u.name FROM patrols p JOIN users u ON u.id = p.user_id WHERE p.day = ? ORDER BY u.name, p.started_at",
    )
    .all(day);
  return rows.map((r) => ({ ...r, track: track(db, r.id) }));
}

export type Coverage = { id: number; code: string; name: string; units: number; visited: number; inspectors: string };

/** Responsibility grids and how many of their unit grids were visited by a patrol track that day. */
export function coverageOfDay(db: Db, day: string): Coverage[] {
  return db.sqlite
    .query<Coverage, SQLQueryBindings[]>(
      `SELECT r.id, r.code, r.name,
              (SELECT COUNT(*) FROM resp_grid_units u WHERE u.resp_grid_id = r.id) AS units,
              (SELECT COUNT(DISTINCT pp.grid_id) FROM patrol_points pp JOIN patrols p ON p.id = pp.patrol_id
                 JOIN resp_grid_units u ON u.grid_id = pp.grid_id AND u.resp_grid_id = r.id WHERE p.day = ?) AS visited,
              COALESCE((SELECT GROUP_CONCAT(name, '、') FROM (SELECT DISTINCT us.name FROM patrol_points pp JOIN patrols p ON p.id = pp.patrol_id
                 JOIN users us ON us.id = p.user_id
                 JOIN resp_grid_units u ON u.grid_id = pp.grid_id AND u.resp_grid_id = r.id WHERE p.day = ?)), '') AS inspectors
       FROM resp_grids r ORDER BY r.code`,
    )
    .all(day, day);
}

export type Available = {
  user_id: number;
  name: string;
  patrol_id: number;
  lng: number;
  lat: number;
  last_at: string;
  distance_m: number;
  open_tasks: number;
};

/** Inspectors on patrol with a fresh position, nearest to (lng, lat) first. */
export function availableInspectors(db: Db, lng: number, lat: number, now = new Date()): Available[] {
  const since = new Date(now.getTime() - AVAILABLE_MINUTES * 60_000).toISOString();
  const rows = db.sqlite
    .query<Omit<Available, "distance_m">, SQLQueryBindings[]>(
      `SELECT p.user_id, u.name, p.id AS patrol_id, p.last_lng AS lng, p.last_lat AS lat, p.last_at,
              (SELECT COUNT(*) FROM cases c WHERE c.inspector_id = p.user_id AND c.state IN ('verifying', 'checking')) AS open_tasks
       FROM patrols p JOIN users u ON u.id = p.user_id
       JOIN user_roles ur ON ur.user_id = u.id AND ur.role = 'inspector'
       WHERE p.ended_at IS NULL AND u.active = 1 AND p.last_at IS NOT NULL AND p.last_at >= ?`,
    )
    .all(since);
  return rows
    .map((r) => ({ ...r, distance_m: Math.round(haversineMeters([lng, lat], [r.lng, r.lat])) }))
    .sort((a, b) => a.distance_m - b.distance_m || a.open_tasks - b.open_tasks || a.user_id - b.user_id);
}

export type AttendanceRow = {
  id: number;
  kind: "in" | "out";
  at: string;
  lng: number | null;
  lat: number | null;
  accuracy: number | null;
};

export function attendanceOfDay(db: Db, userId: number, day: string): AttendanceRow[] {
  return db.sqlite
    .query<AttendanceRow, SQLQueryBindings[]>(
      "SELECT id, kind, at, lng, lat, accuracy FROM attendance WHERE user_id = ? AND day = ? ORDER BY id",
    )
    .all(userId, day);
}

export type AttendanceSummary = { user_id: number; name: string; first_in: string | null; last_out: string | null };

/** Today's 考勤 for every inspector (for the supervision centre). */
export function attendanceSummary(db: Db, day: string): AttendanceSummary[] {
  return db.sqlite
    .query<AttendanceSummary, SQLQueryBindings[]>(
      `SELECT u.id AS user_id, u.name,
              (SELECT MIN(at) FROM attendance a WHERE a.user_id = u.id AND a.day = ? AND a.kind = 'in') AS first_in,
              (SELECT MAX(at) FROM attendance a WHERE a.user_id = u.id AND a.day = ? AND a.kind = 'out') AS last_out
       FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'inspector' WHERE u.active = 1 ORDER BY u.name`,
    )
    .all(day, day);
}

/** Media of a case the inspector may see: one they reported or one assigned to them. */
export function mediaForInspector(db: Db, userId: number, mediaId: number): { path: string; mime: string } | null {
  return db.sqlite
    .query<{ path: string; mime: string }, SQLQueryBindings[]>(
      `SELECT m.path, m.mime FROM case_media m JOIN cases c ON c.id = m.case_id
       WHERE m.id = ? AND (c.reported_by = ? OR c.inspector_id = ?)`,
    )
    .get(mediaId, userId, userId);
}

export function caseMediaIds(db: Db, caseId: number): { id: number; kind: string }[] {
  return db.sqlite
    .query<
      {
        id: number;
        kind: string;
      },
      SQLQueryBindings[]
    >("SELECT id, kind FROM case_media WHERE case_id = ? ORDER BY id")
    .all(caseId);
}

export type AssignableRow = {
  id: number;
  no: string;
  state: string;
  description: string;
  address: string | null;
  inspector: string | null;
};

/** Cases waiting for an inspector's visit: fresh reports (核实) and finished work (核查), oldest first. */
export function assignableCases(db: Db, limit = 30): AssignableRow[] {
  return db.sqlite
    .query<AssignableRow, SQLQueryBindings[]>(
      `SELECT c.id, c.no, c.state, c.description, c.address, u.name AS inspector
       FROM cases c LEFT JOIN users u ON u.id = c.inspector_id
       WHERE c.state IN ('reported', 'checking') AND c.lng IS NOT NULL
       ORDER BY c.created_at LIMIT ?`,
    )
    .all(limit);
}

export function todayTaskCount(db: Db, userId: number): number {
  return db.sqlite
    .query<{ n: number }, [number]>(
      "SELECT COUNT(*) AS n FROM cases WHERE inspector_id = ? AND state IN ('verifying', 'checking')",
    )
    .get(userId)!.n;
}
