-- Reference data: regions and grids, categories with time limits, components, routing, calendar.

-- county → street/town (街道/乡镇) → community (社区/村). Codes: GB/T 2260 (6) + GB/T 10114 (3 + 3).
CREATE TABLE regions (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,          -- 6, 9 or 12 digits
  name       TEXT NOT NULL,
  level      TEXT NOT NULL CHECK (level IN ('county', 'town', 'community')),
  parent_id  INTEGER REFERENCES regions(id),
  geometry   TEXT,                          -- GeoJSON geometry (WGS-84), optional
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions(parent_id);

-- 单元网格: code = community code (12) + 3-digit serial = 15 characters.
CREATE TABLE grids (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT,
  community_id  INTEGER NOT NULL REFERENCES regions(id),
  town_id       INTEGER NOT NULL REFERENCES regions(id),
  geometry      TEXT NOT NULL,               -- GeoJSON Polygon/MultiPolygon (WGS-84)
  min_lng REAL NOT NULL, min_lat REAL NOT NULL, max_lng REAL NOT NULL, max_lat REAL NOT NULL,
  area_m2       REAL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX grids_town ON grids(town_id);
CREATE INDEX grids_community ON grids(community_id);

-- 责任网格: a set of unit grids assigned to inspectors.
CREATE TABLE resp_grids (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE resp_grid_units (
  resp_grid_id INTEGER NOT NULL REFERENCES resp_grids(id),
  grid_id      INTEGER NOT NULL REFERENCES grids(id),
  PRIMARY KEY (resp_grid_id, grid_id)
) WITHOUT ROWID;
CREATE INDEX resp_grid_units_grid ON resp_grid_units(grid_id);
CREATE TABLE resp_grid_inspectors (
  resp_grid_id INTEGER NOT NULL REFERENCES resp_grids(id),
  user_id      INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (resp_grid_id, user_id)
) WITHOUT ROWID;
CREATE INDEX resp_grid_inspectors_user ON resp_grid_inspectors(user_id);

-- Standard categories: 部件 (component) and 事件 (event), big and small class. The edition is
-- stored with every code: GB/T 47678.5-2026 and CJ/T 214-2007 reuse digits for different things.
CREATE TABLE categories (
  id             INTEGER PRIMARY KEY,
  edition        TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('component', 'event')),
  big_code       TEXT NOT NULL,
  big_name       TEXT NOT NULL,
  small_code     TEXT NOT NULL,
  small_name     TEXT NOT NULL,
  code           TEXT NOT NULL,               -- big_code || small_code as the edition writes it
  confidence     TEXT,
  dept_hint      TEXT,
  filing_standard  TEXT,                      -- 立案标准
  closing_standard TEXT,                      -- 结案标准
  active         INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL,
  UNIQUE (edition, kind, code)
);
CREATE INDEX categories_kind ON categories(edition, kind, big_code);

-- Time limits per small class, urgency and stage. unit: minute|hour|day; mode: working|natural.
CREATE TABLE category_limits (
  category_id INTEGER NOT NULL REFERENCES categories(id),
  urgency     TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent', 'critical')),
  stage       TEXT NOT NULL CHECK (stage IN ('file', 'dispatch', 'dispose', 'verify', 'check')),
  amount      REAL NOT NULL CHECK (amount > 0),
  unit        TEXT NOT NULL CHECK (unit IN ('minute', 'hour', 'day')),
  mode        TEXT NOT NULL CHECK (mode IN ('working', 'natural')),
  PRIMARY KEY (category_id, urgency, stage)
) WITHOUT ROWID;

-- 部件: code = county code (6) + big (2) + small (2/3) + serial.
CREATE TABLE components (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  category_id     INTEGER NOT NULL REFERENCES categories(id),
  name            TEXT,
  lng             REAL NOT NULL,
  lat             REAL NOT NULL,
  grid_id         INTEGER REFERENCES grids(id),
  owner_dept_id   INTEGER REFERENCES departments(id),   -- 权属单位
  maint_dept_id   INTEGER REFERENCES departments(id),   -- 养护单位
  status          TEXT NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'damaged', 'lost', 'removed')),
  address         TEXT,
  photos          TEXT,                                  -- JSON array of media ids
  installed_on    TEXT,
  surveyed_on     TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX components_category ON components(category_id);
CREATE INDEX components_grid ON components(grid_id);
CREATE INDEX components_name ON components(name);
CREATE VIRTUAL TABLE components_rtree USING rtree(id, min_lng, max_lng, min_lat, max_lat);
CREATE TRIGGER components_rtree_ins AFTER INSERT ON components BEGIN
  INSERT INTO components_rtree (id, min_lng, max_lng, min_lat, max_lat) VALUES (new.id, new.lng, new.lng, new.lat, new.lat);
END;
CREATE TRIGGER components_rtree_upd AFTER UPDATE OF lng, lat ON components BEGIN
  UPDATE components_rtree SET min_lng = new.lng, max_lng = new.lng, min_lat = new.lat, max_lat = new.lat WHERE id = new.id;
END;
CREATE TRIGGER components_rtree_del AFTER DELETE ON components BEGIN
  DELETE FROM components_rtree WHERE id = old.id;
END;

-- 部件更新备案: every change with who, when, before and after.
CREATE TABLE component_changes (
  id           INTEGER PRIMARY KEY,
  component_id INTEGER NOT NULL,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  user_id      INTEGER,
  action       TEXT NOT NULL,     -- create | update | import | status
  before       TEXT,
  after        TEXT,
  batch_id     INTEGER
);
CREATE INDEX component_changes_component ON component_changes(component_id, id);

CREATE TABLE import_batches (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,      -- components | grids
  file_name   TEXT,
  status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  total       INTEGER NOT NULL DEFAULT 0,
  imported    INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  report      TEXT,               -- JSON [{row, code, reason}]
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  user_id     INTEGER REFERENCES users(id)
);

-- Routing: which department handles a category where. Most specific wins:
-- component maintenance dept > grid rule > community rule > town rule > category default > global default.
CREATE TABLE routing_rules (
  id            INTEGER PRIMARY KEY,
  category_id   INTEGER REFERENCES categories(id),   -- NULL = any category
  region_id     INTEGER REFERENCES regions(id),      -- town or community; NULL = everywhere
  grid_id       INTEGER REFERENCES grids(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  note          TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX routing_rules_category ON routing_rules(category_id);

-- Working calendar: dated exceptions. holiday = day off; workday = 调休 make-up working day.
CREATE TABLE calendar_days (
  day    TEXT PRIMARY KEY,        -- YYYY-MM-DD (Asia/Shanghai)
  type   TEXT NOT NULL CHECK (type IN ('holiday', 'workday')),
  name   TEXT
) WITHOUT ROWID;
