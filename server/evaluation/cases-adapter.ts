// ADAPTER (remove when branch `cases` is merged): the cases schema of migrations/0020_cases.sql
// (tables cases and case_events only), so tests, the benchmark and the demo seeding of this
// branch can run before the cases module lands here. The app itself never calls this.
import type { Db } from "../core/db.ts";

const SQL = `
CREATE TABLE IF NOT EXISTS cases (
  id              INTEGER PRIMARY KEY,
  no              TEXT NOT NULL UNIQUE,
  source          TEXT NOT NULL CHECK (source IN ('inspector','hotline','citizen','video','leader','media','self_check','api')),
  state           TEXT NOT NULL,
  category_id     INTEGER REFERENCES categories(id),
  urgency         TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal','urgent','critical')),
  description     TEXT NOT NULL,
  address         TEXT,
  lng             REAL,
  lat             REAL,
  grid_id         INTEGER REFERENCES grids(id),
  town_id         INTEGER REFERENCES regions(id),
  community_id    INTEGER REFERENCES regions(id),
  component_id    INTEGER REFERENCES components(id),
  reporter_name   TEXT,
  reporter_phone  TEXT,
  reported_by     INTEGER REFERENCES users(id),
  department_id   INTEGER REFERENCES departments(id),   -- responsible department (after dispatch)
  inspector_id    INTEGER REFERENCES users(id),         -- inspector assigned to verify / check
  merged_into     INTEGER REFERENCES cases(id),
  pending         TEXT,                                 -- open request awaiting approval: return|extend|suspend|cancel
  stage_started_at TEXT,
  due_at          TEXT,
  warn_at         TEXT,
  warn_level      INTEGER NOT NULL DEFAULT 0,           -- 0 none, 1 warned, 2 overdue (for the current clock)
  suspended_remaining REAL,                             -- working minutes left when suspended
  rework_count    INTEGER NOT NULL DEFAULT 0,
  return_count    INTEGER NOT NULL DEFAULT 0,
  urge_count      INTEGER NOT NULL DEFAULT 0,
  extend_count    INTEGER NOT NULL DEFAULT 0,
  overdue_ever    INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  filed_at        TEXT,
  dispatched_at   TEXT,
  completed_at    TEXT,
  closed_at       TEXT,
  updated_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_state ON cases(state, due_at);
CREATE INDEX IF NOT EXISTS cases_department ON cases(department_id, state);
CREATE INDEX IF NOT EXISTS cases_inspector ON cases(inspector_id, state);
CREATE INDEX IF NOT EXISTS cases_category ON cases(category_id, state);
CREATE INDEX IF NOT EXISTS cases_town ON cases(town_id, state);
CREATE INDEX IF NOT EXISTS cases_created ON cases(created_at);
CREATE INDEX IF NOT EXISTS cases_warn ON cases(warn_at) WHERE due_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS cases_pending ON cases(pending) WHERE pending IS NOT NULL;
CREATE TABLE IF NOT EXISTS case_events (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  at          TEXT NOT NULL,
  action      TEXT NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  actor       TEXT NOT NULL,
  user_id     INTEGER REFERENCES users(id),
  note        TEXT,
  data        TEXT                -- JSON: department, deadline, decision …
);
CREATE INDEX IF NOT EXISTS case_events_case ON case_events(case_id, id);
CREATE INDEX IF NOT EXISTS case_events_action ON case_events(action, at);
`;

export function ensureCasesSchema(db: Db) {
  const have = db.sqlite.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'").get();
  if (!have) db.sqlite.exec(SQL);
}
