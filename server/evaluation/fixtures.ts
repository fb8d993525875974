// Test/bench helpers: build cases and timelines row by row through the cases module's bulk
// door for history (importHistory), so every indicator can be checked on exact timestamps.
// Also used by bench/evaluation.ts.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { importHistory } from "../cases/index.ts";

const now = () => new Date().toISOString();

export function addRegion(
  db: Db,
  code: string,
  name: string,
  level: "county" | "town" | "community",
  parentId: number | null = null,
): number {
  return db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO regions (code, name, level, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .get(code, name, level, parentId, now(), now())!.id;
}
export function addGrid(db: Db, code: string, communityId: number, townId: number): number {
  const g = JSON.stringify({
    type: "Polygon",
    coordinates: [
      [
        [115.8, 28.6],
        [115.81, 28.6],
        [115.81, 28.61],
        [115.8, 28.61],
        [115.8, 28.6],
      ],
    ],
  });
  return db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO grids (code, name, community_id, town_id, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 115.8, 28.6, 115.81, 28.61, ?, ?) RETURNING id",
    )
    .get(code, code, communityId, townId, g, now(), now())!.id;
}
export function addDept(db: Db, code: string, name: string): number {
  return db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO departments (code, name, level, created_at, updated_at) VALUES (?, ?, 'county', ?, ?) RETURNING id",
    )
    .get(code, name, now(), now())!.id;
}
export function addUser(
  db: Db,
  username: string,
  name: string,
  roles: string[],
  departmentId: number | null = null,
): number {
  const id = db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO users (username, name, password_hash, department_id, created_at, updated_at) VALUES (?, ?, 'x', ?, ?, ?) RETURNING id",
    )
    .get(username, name, departmentId, now(), now())!.id;
  for (const r of roles) db.sqlite.query("INSERT INTO user_roles (user_id, role) VALUES (?, ?)").run(id, r);
  return id;
}

export type CaseSpec = {
  no: string;
  source?: string;
  state: string;
  created: string;
  town?: number | null;
  grid?: number | null;
  category?: number | null;
  dept?: number | null;
  inspector?: number | null;
  reporter?: number | null;
  filed?: string | null;
  dispatched?: string | null;
  closed?: string | null;
  due?: string | null;
  description?: string;
  lng?: number | null;
  lat?: number | null;
};

export function addCase(db: Db, c: CaseSpec): number {
  return importHistory(db).addCase({
    no: c.no,
    source: c.source ?? "inspector",
    state: c.state,
    category_id: c.category ?? null,
    description: c.description ?? `案件 ${c.no}`,
    address: `测试路 ${c.no} 号`,
    lng: c.lng ?? null,
    lat: c.lat ?? null,
    grid_id: c.grid ?? null,
    town_id: c.town ?? null,
    reported_by: c.reporter ?? null,
    department_id: c.dept ?? null,
    inspector_id: c.inspector ?? null,
    due_at: c.due ?? null,
    created_at: c.created,
    filed_at: c.filed ?? null,
    dispatched_at: c.dispatched ?? null,
    closed_at: c.closed ?? null,
  });
}

/** One timeline row. `data.due_at` (also null) marks a new deadline as transition() writes it. */
export function addEvent(
  db: Db,
  caseId: number,
  at: string,
  action: string,
  from: string | null,
  to: string,
  userId: number | null,
  data?: Record<string, unknown>,
  note?: string,
) {
  importHistory(db).addEvent(caseId, {
    at,
    action,
    from,
    to,
    actor: userId ? `user${userId}` : "系统",
    userId,
    note: note ?? null,
    data: data ?? null,
  });
}

/**
 * The hand-built month (November 2026) with known answers, see evaluation.test.ts:
 * C1 on time · C2 overdue (hotline, filed late) · C3 rework (late re-check) · C4 returned by D2 then done by D1 ·
 * C5 suspended · C6 suspended then resumed, on time · C7 extended, on time · C8 rejected · C9 still open past its deadline.
 */
export function buildScenario(db: Db) {
  const county = addRegion(db, "360121", "示范县", "county");
  const townA = addRegion(db, "360121001", "城东街道", "town", county);
  const townB = addRegion(db, "360121002", "城西镇", "town", county);
  const commA = addRegion(db, "360121001001", "东一社区", "community", townA);
  const gridA = addGrid(db, "360121001001001", commA, townA);
  const d1 = addDept(db, "D1", "市政工程处");
  const d2 = addDept(db, "D2", "园林绿化所");
  const insp = addUser(db, "insp1", "张监督", ["inspector"]);
  const intake = addUser(db, "intake1", "李受理", ["intake"]);
  const disp = addUser(db, "disp1", "王派遣", ["dispatcher"]);
  const h = 3600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const base = (i: number) => Date.parse("2026-11-02T02:00:00Z") + i * 86400_000; // 10:00 Shanghai
  const ids: number[] = [];
  type Ev = [number, string, string | null, string, number | null, Record<string, unknown>?];
  const mk = (i: number, spec: Omit<CaseSpec, "no" | "created">, evs: Ev[]) => {
    const t0 = base(i);
    const id = addCase(db, {
      no: `202611${String(2 + i).padStart(2, "0")}-0001`,
      created: iso(t0),
      grid: spec.town === townA ? gridA : null,
      ...spec,
    });
    for (const [dt, action, from, to, user, data] of evs) {
      const d = data
        ? Object.fromEntries(
            Object.entries(data).map(([k, v]) => [k, typeof v === "number" && k === "due_at" ? iso(t0 + v) : v]),
          )
        : undefined;
      addEvent(db, id, iso(t0 + dt), action, from, to, user, d);
    }
    ids.push(id);
    return id;
  };
  const M = 60_000;
  const fileDue = { due_at: 30 * M };
  // C1 on time
  mk(
    0,
    {
      state: "closed",
      town: townA,
      reporter: insp,
      dept: d1,
      filed: iso(base(0) + 10 * M),
      closed: iso(base(0) + 4 * h),
    },
    [
      [0, "report", null, "reported", insp, fileDue],
      [10 * M, "file", "reported", "filed", intake, { due_at: 40 * M }],
      [20 * M, "dispatch", "filed", "dispatched", disp, { departmentId: d1, due_at: 4 * h }],
      [2 * h, "complete", "dispatched", "checking", null, { due_at: 2.5 * h }],
      [2.2 * h, "check_pass", "checking", "to_close", insp],
      [4 * h, "close", "to_close", "closed", intake],
    ],
  );
  // C2 overdue, hotline, verified first, filed late
  mk(
    1,
    {
      state: "closed",
      source: "hotline",
      town: townA,
      dept: d1,
      filed: iso(base(1) + 2 * h),
      closed: iso(base(1) + 9 * h),
    },
    [
      [0, "report", null, "reported", null, fileDue],
      [5 * M, "request_verify", "reported", "verifying", intake, { due_at: 35 * M }],
      [20 * M, "verified", "verifying", "reported", insp, { due_at: 50 * M }],
      [2 * h, "file", "reported", "filed", intake, { due_at: 2.5 * h }],
      [2.2 * h, "dispatch", "filed", "dispatched", disp, { departmentId: d1, due_at: 6 * h }],
      [6 * h, "overdue", "dispatched", "dispatched", null],
      [7 * h, "complete", "dispatched", "checking", null, { due_at: 7.5 * h }],
      [7.2 * h, "check_pass", "checking", "to_close", insp],
      [9 * h, "close", "to_close", "closed", intake],
    ],
  );
  // C3 rework: first fix fails the check (the check itself late), second fix on time
  mk(
    2,
    {
      state: "closed",
      town: townA,
      reporter: insp,
      dept: d1,
      filed: iso(base(2) + 10 * M),
      closed: iso(base(2) + 30 * h),
    },
    [
      [0, "report", null, "reported", insp, fileDue],
      [10 * M, "file", "reported", "filed", intake, { due_at: 40 * M }],
      [20 * M, "dispatch", "filed", "dispatched", disp, { departmentId: d1, due_at: 4 * h }],
      [1 * h, "accept", "dispatched", "in_progress", null],
      [2 * h, "complete", "in_progress", "checking", null, { due_at: 2.5 * h }],
      [3 * h, "check_fail", "checking", "in_progress", insp, { due_at: 20 * h }],
      [10 * h, "complete", "in_progress", "checking", null, { due_at: 10.5 * h }],
      [10.2 * h, "check_pass", "checking", "to_close", insp],
      [30 * h, "close", "to_close", "closed", intake],
    ],
  );
  // C4 hotline, dispatched to D2, returned, re-dispatched to D1, done on time
  mk(
    3,
    {
      state: "closed",
      source: "hotline",
      town: townB,
      dept: d1,
      filed: iso(base(3) + 10 * M),
      closed: iso(base(3) + 8 * h),
    },
    [
      [0, "report", null, "reported", null, fileDue],
      [10 * M, "file", "reported", "filed", intake, { due_at: 40 * M }],
      [20 * M, "dispatch", "filed", "dispatched", disp, { departmentId: d2, due_at: 4 * h }],
      [1 * h, "request_return", "dispatched", "dispatched", null],
      [1.5 * h, "approve_return", "dispatched", "filed", disp, { due_at: 2 * h }],
      [1.7 * h, "dispatch", "filed", "dispatched", disp, { departmentId: d1, due_at: 6 * h }],
      [5 * h, "complete", "dispatched", "checking", null, { due_at: 5.5 * h }],
      [5.2 * h, "check_pass", "checking", "to_close", insp],
      [8 * h, "close", "to_close", "closed", intake],
    ],
  );
  // C5 suspended and still suspended
  mk(4, { state: "suspended", town: townB, reporter: insp, dept: d2, filed: iso(base(4) + 10 * M) }, [
    [0, "report", null, "reported", insp, fileDue],
    [10 * M, "file", "reported", "filed", intake, { due_at: 40 * M }],
    [20 * M, "dispatch", "filed", "dispatched", disp, { departmentId: d2, due_at: 4 * h }],
    [1 * h, "accept", "dispatched", "in_progress", null],
    [2 * h, "approve_suspend", "in_progress", "suspended", disp, { due_at: null }],
  ]);
  // C6 suspended 3 days, resumed with the remaining time, done on time
  mk(
    5,
    {
      state: "closed",
      town: townB,
      reporter: insp,
      dept: d2,
      filed: iso(base(5) + 10 * M),
      closed: iso(base(5) + 80 * h),
    },
    [
      [0, "report", null, "reported", insp, fileDue],
      [10 * M, "file", "reported", "filed", intake, { due_at: 40 * M }],
      [20 * M, "dispatch", "filed", "dispatched", disp, { departmentId: d2, due_at: 4 * h }],
      [1 * h, "accept", "dispatched", "in_progress", null],
      [2 * h, "approve_suspend", "in_progress", "suspended", disp, { due_at: null }],
      [74 * h, "resume", "suspended", "in_progress", disp, { due_at: 76 * h }],
      [75 * h, "complete", "in_progress", "checking", null, { due_at: 75.5 * h }],
      [75.2 * h, "check_pass", "checking", "to_close", insp],
      [80 * h, "close", "to_close", "closed", intake],
    ],
  );
  // C7 extended by 4 h, done after the first deadline but within the extended one
  mk(
    6,
    {
      state: "closed",
      town: townB,
      reporter: insp,
      dept: d2,
      filed: iso(base(6) + 10 * M),
      closed: iso(base(6) + 9 * h),
    },
    [
      [0, "report", null, "reported", insp, fileDue],
      [10 * M, "file", "reported", "filed", intake, { due_at: 40 * M }],
      [20 * M, "dispatch", "filed", "dispatched", disp, { departmentId: d2, due_at: 4 * h }],
      [1 * h, "accept", "dispatched", "in_progress", null],
      [3 * h, "approve_extend", "in_progress", "in_progress", disp, { due_at: 8 * h, minutes: 240 }],
      [6 * h, "complete", "in_progress", "checking", null, { due_at: 6.5 * h }],
      [6.2 * h, "check_pass", "checking", "to_close", insp],
      [9 * h, "close", "to_close", "closed", intake],
    ],
  );
  // C8 rejected
  mk(7, { state: "rejected", town: townA, reporter: insp }, [
    [0, "report", null, "reported", insp, fileDue],
    [10 * M, "reject", "reported", "rejected", intake],
  ]);
  // C9 dispatched late, still open past its deadline
  mk(
    8,
    {
      state: "in_progress",
      town: townB,
      reporter: insp,
      dept: d1,
      filed: iso(base(8) + 10 * M),
      due: iso(base(8) + 5 * h),
    },
    [
      [0, "report", null, "reported", insp, fileDue],
      [10 * M, "file", "reported", "filed", intake, { due_at: 40 * M }],
      [1 * h, "dispatch", "filed", "dispatched", disp, { departmentId: d1, due_at: 5 * h }],
      [2 * h, "accept", "dispatched", "in_progress", null],
    ],
  );
  return { county, townA, townB, gridA, d1, d2, insp, intake, disp, cases: ids };
}

/** A case filed and dispatched to the scenario's D1 at `at`, due at `due`, optionally finished and closed at `done`. */
export function addDispatched(
  db: Db,
  s: ReturnType<typeof buildScenario>,
  no: string,
  at: string,
  due: string,
  done?: string,
): number {
  const id = addCase(db, {
    no,
    state: done ? "closed" : "dispatched",
    created: at,
    town: s.townA,
    dept: s.d1,
    reporter: s.insp,
    filed: at,
    closed: done ?? null,
    due: done ? null : due,
  });
  addEvent(db, id, at, "report", null, "reported", s.insp);
  addEvent(db, id, at, "file", "reported", "filed", s.intake);
  addEvent(db, id, at, "dispatch", "filed", "dispatched", s.disp, { departmentId: s.d1, due_at: due });
  if (done) {
    addEvent(db, id, done, "complete", "dispatched", "checking", null, { due_at: null });
    addEvent(db, id, done, "close", "checking", "closed", s.intake, { due_at: null });
  }
  return id;
}
