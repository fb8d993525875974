-- Foundation: departments, users and roles, sessions, login throttling, jobs, settings.

CREATE TABLE departments (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  -- county: 县级职能部门 (一级); town: 乡镇/街道分中心 (二级); unit: 三级处置单位
  level       TEXT NOT NULL CHECK (level IN ('county', 'town', 'unit')),
  parent_id   INTEGER REFERENCES departments(id),
  phone       TEXT,
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX departments_parent ON departments(parent_id);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name           TEXT NOT NULL,
  password_hash  TEXT NOT NULL,
  department_id  INTEGER REFERENCES departments(id),
  phone          TEXT,
  active         INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX users_department ON users(department_id);

CREATE TABLE user_roles (
  user_id  INTEGER NOT NULL REFERENCES users(id),
  role     TEXT NOT NULL CHECK (role IN ('inspector','hotline','intake','shift_lead','dispatcher','handler','leader','admin')),
  PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
CREATE INDEX user_roles_role ON user_roles(role, user_id);

CREATE TABLE sessions (
  -- sha256 of the cookie token; the token itself is never stored
  id          TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  last_seen   TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  ip          TEXT,
  user_agent  TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
  id        INTEGER PRIMARY KEY,
  username  TEXT NOT NULL COLLATE NOCASE,
  ip        TEXT NOT NULL,
  ok        INTEGER NOT NULL,
  at        TEXT NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

CREATE TABLE job_runs (
  id           INTEGER PRIMARY KEY,
  job          TEXT NOT NULL,
  trigger      TEXT NOT NULL CHECK (trigger IN ('cron', 'manual', 'startup')),
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  status       TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'skipped')),
  message      TEXT,
  actor        TEXT
);
CREATE INDEX job_runs_job ON job_runs(job, id);

CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER REFERENCES users(id)
) WITHOUT ROWID;

-- Who changed what in reference data (users, departments, settings …): before/after as JSON.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  user_id   INTEGER,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action    TEXT NOT NULL,
  before    TEXT,
  after     TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);
