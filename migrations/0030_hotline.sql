-- Hotline (12319/12345 desk): every call, agent states, wrap-up, click-to-call.

-- One row per call. AMI calls are keyed by the caller channel's Uniqueid
-- (idempotent upsert); manual entries get a synthetic 'manual-…' key.
CREATE TABLE hotline_calls (
  id              INTEGER PRIMARY KEY,
  uniqueid        TEXT NOT NULL UNIQUE,
  linkedid        TEXT,
  channel         TEXT,
  source          TEXT NOT NULL CHECK (source IN ('ami', 'manual')),
  caller_num      TEXT,
  caller_name     TEXT,
  queue           TEXT,
  status          TEXT NOT NULL CHECK (status IN ('ringing', 'queued', 'answered', 'ended')),
  entered_at      TEXT NOT NULL,
  answered_at     TEXT,
  ended_at        TEXT,
  agent_interface TEXT,
  agent_member    TEXT,
  agent_user_id   INTEGER REFERENCES users(id),
  wait_seconds    INTEGER,
  talk_seconds    INTEGER,
  ring_seconds    INTEGER,
  hung_up_by      TEXT,
  abandoned       INTEGER NOT NULL DEFAULT 0,
  recording_file  TEXT,
  end_reason      TEXT,
  -- wrap-up (话后处理): required for every answered call before the agent is free
  wrapup_code     TEXT,
  wrapup_note     TEXT,
  wrapup_at       TEXT,
  wrapup_by       INTEGER REFERENCES users(id),
  -- call -> report/case (the report side links back through its own row)
  report_id       INTEGER,
  case_id         INTEGER,
  -- abandoned calls: call back before this time
  callback_due_at TEXT,
  callback_at     TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX hotline_calls_caller ON hotline_calls(caller_num, entered_at);
CREATE INDEX hotline_calls_entered ON hotline_calls(entered_at);
CREATE INDEX hotline_calls_agent ON hotline_calls(agent_user_id, wrapup_at);
CREATE INDEX hotline_calls_report ON hotline_calls(report_id);
CREATE INDEX hotline_calls_case ON hotline_calls(case_id);

-- Which AMI queue member interface / extension belongs to which agent user, and the agent's state.
CREATE TABLE hotline_agents (
  user_id         INTEGER PRIMARY KEY REFERENCES users(id),
  interface       TEXT UNIQUE,          -- e.g. PJSIP/1001 or Local/agent1@agents
  extension       TEXT,
  state           TEXT NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'ringing', 'busy', 'wrapup')),
  current_call_id INTEGER REFERENCES hotline_calls(id),
  state_since     TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- Click-to-call attempts (回访, chasing departments) and their outcome.
CREATE TABLE hotline_originates (
  id              INTEGER PRIMARY KEY,
  action_id       TEXT,
  user_id         INTEGER REFERENCES users(id),
  number          TEXT NOT NULL,
  purpose         TEXT NOT NULL CHECK (purpose IN ('callback', 'chase', 'other')),
  call_id         INTEGER REFERENCES hotline_calls(id),
  case_id         INTEGER,
  ok              INTEGER NOT NULL,
  reason          INTEGER,
  reason_text     TEXT,
  message         TEXT,
  uniqueid        TEXT,
  at              TEXT NOT NULL
);
CREATE INDEX hotline_originates_case ON hotline_originates(case_id, at);
CREATE INDEX hotline_originates_call ON hotline_originates(call_id);
