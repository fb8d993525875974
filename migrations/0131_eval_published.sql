-- Published evaluation periods (issue #17): a shift lead publishes a month, quarter or year;
-- its figures for every evaluated kind are stored with the weights and minimum volume used and
-- are read from here ever after (objections decided later are listed as a note, never applied).
CREATE TABLE eval_published (
  id            INTEGER PRIMARY KEY,
  period_kind   TEXT NOT NULL CHECK (period_kind IN ('month','quarter','year')),
  period_key    TEXT NOT NULL,
  period_from   TEXT NOT NULL,
  period_to     TEXT NOT NULL,
  snapshot      TEXT NOT NULL,           -- JSON: unit kind → {rows, total, weights, minVolume, cases}
  published_by  INTEGER REFERENCES users(id),
  published_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX eval_published_period ON eval_published(period_kind, period_key);
