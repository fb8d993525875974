// Prometheus metrics: request counters and a latency histogram kept in memory, plus gauges
// read from the database at scrape time (open cases by state, overdue, job runs, backup age).
import type { SQLQueryBindings } from "bun:sqlite";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { Db } from "../core/db.ts";
import { freeBytes } from "./disk.ts";

export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Hist = { counts: number[]; sum: number; n: number };

/** Gauges set from outside (e.g. the hotline module's AMI connection). Process-wide. */
const external = new Map<string, { help: string; value: number }>();

/** Set a gauge that the /metrics endpoint exports as wanmi_<name>. */
export function setGauge(name: string, value: number, help = name) {
  external.set(name, { help, value });
}
/** AMI (Asterisk) connection state: 1 connected, 0 not. Call from the hotline module. */
export function setAmiConnected(connected: boolean) {
  setGauge("ami_connected", connected ? 1 : 0, "Asterisk AMI connection state (1 = connected)");
}

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export class Metrics {
  readonly requests = new Map<string, number>(); // method|route|status -> count
  readonly latency = new Map<string, Hist>(); // method|route -> histogram
  readonly started = Date.now();

  observe(method: string, route: string, status: number, seconds: number) {
    const k = `${method}|${route}|${status}`;
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
    const hk = `${method}|${route}`;
    let h = this.latency.get(hk);
    if (!h) this.latency.set(hk, (h = { counts: BUCKETS.map(() => 0), sum: 0, n: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.n++;
  }

  /** The text exposition format. backupsDir: where backups live (for the backup age); dataDir: for its free bytes. */
  render(db: Db, backupsDir?: string, dataDir?: string): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string) =>
      out.push(`# HELP wanmi_${name} ${help}`, `# TYPE wanmi_${name} ${type}`);
    metric("http_requests_total", "counter", "HTTP requests by method, route and status");
    for (const [k, n] of this.requests) {
      const [m, r, s] = k.split("|");
      out.push(`wanmi_http_requests_total{method="${m}",route="${esc(r!)}",status="${s}"} ${n}`);
    }
    metric("http_request_duration_seconds", "histogram", "HTTP request latency");
    for (const [k, h] of this.latency) {
      const [m, r] = k.split("|");
      const l = `method="${m}",route="${esc(r!)}"`;
      BUCKETS.forEach((b, i) => out.push(`wanmi_http_request_duration_seconds_bucket{${l},le="${b}"} ${h.counts[i]}`));
      out.push(`wanmi_http_request_duration_seconds_bucket{${l},le="+Inf"} ${h.n}`);
      out.push(`wanmi_http_request_duration_seconds_sum{${l}} ${h.sum.toFixed(6)}`);
      out.push(`wanmi_http_request_duration_seconds_count{${l}} ${h.n}`);
    }
    metric("uptime_seconds", "gauge", "Seconds since the process started");
    out.push(`wanmi_uptime_seconds ${Math.round((Date.now() - this.started) / 1000)}`);

    const s = db.sqlite;
    const hasTable = (t: string) => !!s.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);
    if (hasTable("cases")) {
      metric("cases_open", "gauge", "Cases not yet closed, by state");
      for (const r of s
        .query<{ state: string; n: number }, []>(
          "SELECT state, count(*) AS n FROM cases WHERE state NOT IN ('closed','rejected','cancelled','merged') GROUP BY state",
        )
        .all())
        out.push(`wanmi_cases_open{state="${esc(r.state)}"} ${r.n}`);
      metric("cases_overdue", "gauge", "Open cases past their deadline");
      const od = s
        .query<{ n: number }, SQLQueryBindings[]>(
          "SELECT count(*) AS n FROM cases WHERE due_at IS NOT NULL AND due_at < ? AND state NOT IN ('closed','rejected','cancelled','merged','suspended')",
        )
        .get(new Date().toISOString())!;
      out.push(`wanmi_cases_overdue ${od.n}`);
    }
    metric("job_runs_total", "counter", "Scheduled job runs by job and status");
    for (const r of s
      .query<{ job: string; status: string; n: number }, []>(
        "SELECT job, status, count(*) AS n FROM job_runs GROUP BY job, status",
      )
      .all())
      out.push(`wanmi_job_runs_total{job="${esc(r.job)}",status="${r.status}"} ${r.n}`);
    metric("job_last_failure_timestamp_seconds", "gauge", "When each job last failed");
    for (const r of s
      .query<{ job: string; at: string }, []>(
        "SELECT job, max(started_at) AS at FROM job_runs WHERE status = 'failed' GROUP BY job",
      )
      .all())
      out.push(`wanmi_job_last_failure_timestamp_seconds{job="${esc(r.job)}"} ${Math.round(Date.parse(r.at) / 1000)}`);

    if (dataDir) {
      metric("data_dir_free_bytes", "gauge", "Free bytes on the filesystem of the data directory");
      out.push(`wanmi_data_dir_free_bytes ${freeBytes(dataDir)}`);
    }
    if (backupsDir) {
      metric("backup_age_seconds", "gauge", "Seconds since the newest complete backup (-1 = none)");
      out.push(`wanmi_backup_age_seconds ${newestBackupAge(backupsDir)}`);
    }
    if (!external.has("ami_connected")) {
      metric("ami_connected", "gauge", "Asterisk AMI connection state (1 = connected, -1 = not configured/unknown)");
      out.push(`wanmi_ami_connected -1`);
    }
    for (const [name, g] of external) {
      metric(name, "gauge", g.help);
      out.push(`wanmi_${name} ${g.value}`);
    }
    return out.join("\n") + "\n";
  }
}

/** Age in seconds of the newest backup with a checksum file next to it; -1 when none. */
export function newestBackupAge(dir: string, now = Date.now()): number {
  if (!existsSync(dir)) return -1;
  let newest = 0;
  for (const f of readdirSync(dir))
    if (f.endsWith(".tar.sha256")) newest = Math.max(newest, statSync(`${dir}/${f}`).mtimeMs);
  return newest ? Math.round((now - newest) / 1000) : -1;
}

const perApp = new WeakMap<object, Metrics>();
/** The metrics of one app (keyed by its Deps): the request middleware writes them, /metrics reads them. */
export function metricsFor(deps: object): Metrics {
  let m = perApp.get(deps);
  if (!m) perApp.set(deps, (m = new Metrics()));
  return m;
}
