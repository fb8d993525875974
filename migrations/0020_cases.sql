-- Cases (案件): reports and the closed loop. The timeline (case_events) is the audit trail.

-- Readable case numbers: YYYYMMDD-NNNN, one counter row per day; never reused.
CREATE TABLE case_counters (
  day  TEXT PRIMARY KEY,          -- YYYYMMDD (Asia/Shanghai)
  n    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE cases (
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
CREATE INDEX cases_state ON cases(state, due_at);
CREATE INDEX cases_department ON cases(department_id, state);
CREATE INDEX cases_inspector ON cases(inspector_id, state);
CREATE INDEX cases_category ON cases(category_id, state);
CREATE INDEX cases_town ON cases(town_id, state);
CREATE INDEX cases_created ON cases(created_at);
CREATE INDEX cases_warn ON cases(warn_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_due ON cases(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_pending ON cases(pending) WHERE pending IS NOT NULL;

CREATE TABLE case_events (
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
CREATE INDEX case_events_case ON case_events(case_id, id);
CREATE INDEX case_events_action ON case_events(action, at);

CREATE TABLE case_media (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  event_id    INTEGER REFERENCES case_events(id),
  kind        TEXT NOT NULL CHECK (kind IN ('before','after','check','other')),
  path        TEXT NOT NULL,      -- relative to DATA_DIR/media
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  thumb_path  TEXT,               -- client-made thumbnail, optional
  created_at  TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id)
);
CREATE INDEX case_media_case ON case_media(case_id, id);

-- Requests that need a decision (回退, 延期, 挂账, 作废).
CREATE TABLE case_requests (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  kind         TEXT NOT NULL CHECK (kind IN ('return','extend','suspend','cancel')),
  status       TEXT NOT NULL CHECK (status IN ('pending','approved','denied')),
  note         TEXT,
  minutes      REAL,              -- extension asked for (working minutes)
  requested_by INTEGER REFERENCES users(id),
  requested_at TEXT NOT NULL,
  decided_by   INTEGER REFERENCES users(id),
  decided_at   TEXT,
  decision_note TEXT
);
CREATE INDEX case_requests_case ON case_requests(case_id, id);
CREATE INDEX case_requests_pending ON case_requests(kind) WHERE status = 'pending';

-- Full-text search over number, address and description (trigram: Chinese substrings of ≥ 3 chars).
CREATE VIRTUAL TABLE cases_fts USING fts5(no, address, description, content='cases', content_rowid='id', tokenize='trigram');
CREATE TRIGGER cases_fts_ins AFTER INSERT ON cases BEGIN
  INSERT INTO cases_fts (rowid, no, address, description) VALUES (new.id, new.no, new.address, new.description);
END;
CREATE TRIGGER cases_fts_upd AFTER UPDATE OF no, address, description ON cases BEGIN
  INSERT INTO cases_fts (cases_fts, rowid, no, address, description) VALUES ('delete', old.id, old.no, old.address, old.description);
  INSERT INTO cases_fts (rowid, no, address, description) VALUES (new.id, new.no, new.address, new.description);
END;

-- In-app notifications with an unread count.
CREATE TABLE notifications (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  case_id     INTEGER REFERENCES cases(id),
  kind        TEXT NOT NULL,
  text        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  read_at     TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);
