-- Per-case evaluation facts (issue #16 point 4, #17): the evaluation module keeps one row per
-- case, rebuilt inside the timeline door's transaction after every live event (onTimeline in
-- server/cases), so a period is one indexed read of these rows instead of a pass over the
-- timeline. `fact` is the case's period-independent fact (JSON, server/evaluation/facts.ts);
-- `last_at` its latest event or close time, `open` 1 while the case can still fall due.
-- Backfill: case_facts_mark.event_id is the case_events id up to which facts are complete; rows
-- written past it (the bulk history door, or this migration's empty table) are rebuilt on the
-- next evaluation read.
CREATE TABLE case_facts (
  case_id     INTEGER PRIMARY KEY,
  created_at  TEXT NOT NULL,
  last_at     TEXT NOT NULL,
  open        INTEGER NOT NULL,
  fact        TEXT NOT NULL
);
CREATE INDEX case_facts_created ON case_facts(created_at);
CREATE INDEX case_facts_last ON case_facts(last_at, created_at);
CREATE INDEX case_facts_open ON case_facts(created_at) WHERE open = 1;

CREATE TABLE case_facts_mark (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  event_id  INTEGER NOT NULL
);
INSERT INTO case_facts_mark (id, event_id) VALUES (1, 0);
