// Upward reporting: a daily JSON file of the day's cases and indicators under
// DATA_DIR/exchange/, queued in the outbox for the configured push URL.
import type { SQLQueryBindings } from "bun:sqlite";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import { getSetting } from "../../core/settings.ts";
import { CLOSED_STATES } from "../../public/index.ts";

export const PUSH_URL = "exchange.push_url";

/** Shanghai day "YYYY-MM-DD" → [startIso, endIso). */
export function dayRange(day: string): [string, string] {
  const start = Date.parse(`${day}T00:00:00+08:00`);
  return [new Date(start).toISOString(), new Date(start + 86400_000).toISOString()];
}

export function yesterday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);
}

export function buildExport(db: Db, day: string) {
  const [a, b] = dayRange(day);
  const cases = db.sqlite
    .query<
      Record<string, unknown>,
      SQLQueryBindings[]
    >(`SELECT c.no, c.source, c.state, cat.kind AS category_kind, cat.code AS category_code, cat.small_name AS category_name, c.urgency,
        c.description, c.address, c.lng, c.lat, g.code AS grid_code, c.created_at, c.dispatched_at, c.completed_at, c.closed_at, c.due_at, c.overdue_ever
      FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN grids g ON g.id = c.grid_id
      WHERE (c.created_at >= ? AND c.created_at < ?) OR (c.updated_at >= ? AND c.updated_at < ?) ORDER BY c.id`)
    .all(a, b, a, b);
  const one = (sql: string, ...args: (string | number)[]) =>
    db.sqlite.query<{ n: number }, SQLQueryBindings[]>(sql).get(...args)!.n;
  const closedList = CLOSED_STATES.map((s) => `'${s}'`).join(",");
  const indicators = {
    reported: one("SELECT count(*) AS n FROM cases WHERE created_at >= ? AND created_at < ?", a, b),
    closed: one("SELECT count(*) AS n FROM cases WHERE closed_at >= ? AND closed_at < ?", a, b),
    open_total: one(`SELECT count(*) AS n FROM cases WHERE state NOT IN (${closedList})`),
    overdue_open: one(
      `SELECT count(*) AS n FROM cases WHERE state NOT IN (${closedList}) AND due_at IS NOT NULL AND due_at < ?`,
      b,
    ),
    ratings: {
      satisfied: one(
        "SELECT count(*) AS n FROM public_ratings WHERE rating = 'satisfied' AND created_at >= ? AND created_at < ?",
        a,
        b,
      ),
      basic: one(
        "SELECT count(*) AS n FROM public_ratings WHERE rating = 'basic' AND created_at >= ? AND created_at < ?",
        a,
        b,
      ),
      unsatisfied: one(
        "SELECT count(*) AS n FROM public_ratings WHERE rating = 'unsatisfied' AND created_at >= ? AND created_at < ?",
        a,
        b,
      ),
    },
  };
  return {
    county_code: getSetting(db, "county.code"),
    county: getSetting(db, "county.name"),
    day,
    generated_at: nowIso(),
    indicators,
    cases,
  };
}

/** Write the file (idempotent per day) and queue it for pushing when a URL is configured. */
export function runDailyExport(
  db: Db,
  dataDir: string,
  day = yesterday(),
): { path: string; cases: number; queued: boolean } {
  const data = buildExport(db, day);
  const rel = join("exchange", `${day}.json`);
  mkdirSync(join(dataDir, "exchange"), { recursive: true });
  const json = JSON.stringify(data, null, 1);
  writeFileSync(join(dataDir, rel), json);
  const url = getSetting(db, PUSH_URL);
  return tx(db, () => {
    const at = nowIso();
    db.sqlite
      .query(
        "INSERT INTO exchange_exports (day, path, cases, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(day) DO UPDATE SET path = excluded.path, cases = excluded.cases, created_at = excluded.created_at",
      )
      .run(day, rel, data.cases.length, at);
    if (url) {
      db.sqlite
        .query(
          "INSERT INTO upward_outbox (kind, ref, payload, status, next_at, created_at) VALUES ('daily_export', ?, ?, 'pending', ?, ?)",
        )
        .run(day, json, at, at);
    }
    return { path: rel, cases: data.cases.length, queued: !!url };
  });
}
