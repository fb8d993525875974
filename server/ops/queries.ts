// Reads for the operations pages.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";

export type JobSummary = {
  job: string;
  runs: number;
  failed: number;
  last_at: string | null;
  last_status: string | null;
  last_failed_at: string | null;
  last_error: string | null;
};

/** Per job over the last `days` days: runs, failures, the last run and the last error. */
export function jobSummary(db: Db, days = 7, now = Date.now()): JobSummary[] {
  const since = new Date(now - days * 86400_000).toISOString();
  return db.sqlite
    .query<JobSummary, SQLQueryBindings[]>(
      `SELECT job, count(*) AS runs, sum(status = 'failed') AS failed, max(started_at) AS last_at,
        (SELECT status FROM job_runs r2 WHERE r2.job = r.job ORDER BY id DESC LIMIT 1) AS last_status,
        (SELECT started_at FROM job_runs r3 WHERE r3.job = r.job AND status = 'failed' ORDER BY id DESC LIMIT 1) AS last_failed_at,
        (SELECT message FROM job_runs r4 WHERE r4.job = r.job AND status = 'failed' ORDER BY id DESC LIMIT 1) AS last_error
       FROM job_runs r WHERE started_at >= ? GROUP BY job ORDER BY job`,
    )
    .all(since);
}
