-- 城管通 (field inspector app): offline-queue dedupe, patrols with their tracks, attendance (考勤).

-- Everything the phone queues carries a client-generated id; the server keeps it so a report or
-- task answer sent twice (retry after a lost response, replay after reconnecting) is applied once.
CREATE TABLE field_submissions (
  client_id    TEXT PRIMARY KEY,            -- UUID made on the phone
  user_id      INTEGER NOT NULL REFERENCES users(id),
  kind         TEXT NOT NULL CHECK (kind IN ('report', 'verify', 'check')),
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  made_at      TEXT,                        -- when the inspector made it on the phone (may be hours earlier)
  received_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX field_submissions_user ON field_submissions(user_id, kind, received_at);
CREATE INDEX field_submissions_case ON field_submissions(case_id);

-- 巡查: one open patrol per inspector at a time.
CREATE TABLE patrols (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  day         TEXT NOT NULL,                -- YYYY-MM-DD (Asia/Shanghai) of the start
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  points      INTEGER NOT NULL DEFAULT 0,
  distance_m  REAL NOT NULL DEFAULT 0,
  last_lng    REAL,
  last_lat    REAL,
  last_at     TEXT
);
CREATE UNIQUE INDEX patrols_open ON patrols(user_id) WHERE ended_at IS NULL;
CREATE INDEX patrols_day ON patrols(day, user_id);

-- Track points sampled by the phone (about every 30 s); (patrol, at) is unique so replays are harmless.
CREATE TABLE patrol_points (
  patrol_id  INTEGER NOT NULL REFERENCES patrols(id),
  at         TEXT NOT NULL,
  lng        REAL NOT NULL,
  lat        REAL NOT NULL,
  accuracy   REAL,
  grid_id    INTEGER REFERENCES grids(id),
  PRIMARY KEY (patrol_id, at)
) WITHOUT ROWID;
CREATE INDEX patrol_points_grid ON patrol_points(grid_id);

-- 考勤: clock-in / clock-out with the position where it happened.
CREATE TABLE attendance (
  id        INTEGER PRIMARY KEY,
  user_id   INTEGER NOT NULL REFERENCES users(id),
  day       TEXT NOT NULL,                  -- YYYY-MM-DD (Asia/Shanghai)
  kind      TEXT NOT NULL CHECK (kind IN ('in', 'out')),
  at        TEXT NOT NULL,
  lng       REAL,
  lat       REAL,
  accuracy  REAL
);
CREATE INDEX attendance_user_day ON attendance(user_id, day, id);
CREATE INDEX attendance_day ON attendance(day);
