-- Evaluation (综合评价): objections (申诉) against a case's count, and the report archive.
-- Indicators themselves are computed from cases + case_events on demand (no roll-up table).

-- 申诉: a department disputes one case's count in one indicator; a shift lead decides.
CREATE TABLE eval_objections (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER NOT NULL,
  department_id  INTEGER NOT NULL REFERENCES departments(id),
  indicator      TEXT NOT NULL CHECK (indicator IN ('overdue','rework','return')),
  reason         TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('pending','accepted','rejected')),
  filed_by       INTEGER REFERENCES users(id),
  filed_at       TEXT NOT NULL,
  decided_by     INTEGER REFERENCES users(id),
  decided_at     TEXT,
  decision_note  TEXT
);
CREATE INDEX eval_objections_status ON eval_objections(status, id);
CREATE INDEX eval_objections_case ON eval_objections(case_id);
CREATE UNIQUE INDEX eval_objections_open ON eval_objections(case_id, department_id, indicator) WHERE status <> 'rejected';

-- 日报/周报/月报 archive: files live under DATA_DIR/reports.
CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('daily','weekly','monthly')),
  period_key    TEXT NOT NULL,            -- 2026-11-22 / 2026-W47 / 2026-11
  period_from   TEXT NOT NULL,            -- ISO instant, inclusive
  period_to     TEXT NOT NULL,            -- ISO instant, exclusive
  title         TEXT NOT NULL,
  html_path     TEXT NOT NULL,            -- relative to DATA_DIR
  pdf_path      TEXT,                     -- null when PDF could not be made
  pdf_note      TEXT,
  generated_at  TEXT NOT NULL,
  generated_by  TEXT NOT NULL,
  UNIQUE (kind, period_key)
);
