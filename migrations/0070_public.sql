-- Citizens and other systems: portal reports, ratings and reviews, anti-abuse, API keys,
-- Open311 tokens, received updates and the upward-export outbox.

-- One row per case that came in through the portal, Open311 or the exchange API.
-- token: the unguessable private link (/p/c/<token>) and the Open311 token.
CREATE TABLE public_reports (
  case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
  token       TEXT NOT NULL UNIQUE,
  channel     TEXT NOT NULL CHECK (channel IN ('portal', 'open311', 'api')),
  client_id   INTEGER REFERENCES api_clients(id),
  anonymous   INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL
);

-- Photos as the public may see them (EXIF stripped); the staff keep the original in case_media.
CREATE TABLE public_media (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  media_id    INTEGER,                -- case_media.id of the original
  path        TEXT NOT NULL,          -- relative to DATA_DIR/media
  mime        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX public_media_case ON public_media(case_id);

-- 满意度评价 after closing: one per case.
CREATE TABLE public_ratings (
  case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
  rating      TEXT NOT NULL CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
  comment     TEXT,
  created_at  TEXT NOT NULL
);

-- 不满意 opens a review for the shift lead.
CREATE TABLE public_reviews (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  status      TEXT NOT NULL CHECK (status IN ('open', 'done')),
  reason      TEXT,
  outcome     TEXT,
  created_at  TEXT NOT NULL,
  decided_by  INTEGER REFERENCES users(id),
  decided_at  TEXT
);
CREATE INDEX public_reviews_open ON public_reviews(status, id);

-- Arithmetic challenges: single use, short-lived.
CREATE TABLE public_challenges (
  id          TEXT PRIMARY KEY,
  answer      INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL       -- epoch ms
) WITHOUT ROWID;

-- Fixed-window rate limiting: key = purpose:ip, window = epoch ms of the window start.
CREATE TABLE public_rate (
  key         TEXT NOT NULL,
  window      INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (key, window)
) WITHOUT ROWID;

-- API keys for other systems. Only a SHA-256 of the key is stored; prefix shown to admins.
CREATE TABLE api_clients (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  key_prefix   TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,
  scopes       TEXT NOT NULL,          -- JSON array of scope names
  active       INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  created_by   INTEGER REFERENCES users(id),
  last_used_at TEXT
);

-- Updates other systems sent about a case (POST /api/v1/cases/{no}/updates).
CREATE TABLE api_case_updates (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  client_id   INTEGER NOT NULL REFERENCES api_clients(id),
  external_id TEXT,
  status      TEXT,
  note        TEXT NOT NULL,
  at          TEXT NOT NULL,
  UNIQUE (client_id, external_id)
);
CREATE INDEX api_case_updates_case ON api_case_updates(case_id, id);

-- Upward reporting: daily export files and the outbox that pushes them.
CREATE TABLE exchange_exports (
  day         TEXT PRIMARY KEY,        -- YYYY-MM-DD (Asia/Shanghai)
  path        TEXT NOT NULL,           -- relative to DATA_DIR
  cases       INTEGER NOT NULL,
  created_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE upward_outbox (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,           -- daily_export | case_update
  ref         TEXT,                    -- e.g. the export day
  payload     TEXT NOT NULL,           -- JSON body as pushed
  status      TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     TEXT NOT NULL,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  sent_at     TEXT
);
CREATE INDEX upward_outbox_due ON upward_outbox(status, next_at);
