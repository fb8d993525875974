// Named jobs on node-cron, always in Asia/Shanghai, with an overlap guard,
// a job_runs record for every run and "run now" for administrators.
import type { SQLQueryBindings } from "bun:sqlite";
import cron, { type ScheduledTask } from "node-cron";
import type { Db } from "./db.ts";
import { nowIso } from "./db.ts";
import { NotFound, Conflict } from "./errors.ts";

export const TZ = "Asia/Shanghai";

export type JobDef = {
  name: string;
  /** Chinese title for the admin page. */
  title: string;
  /** node-cron expression (5 or 6 fields), read in Asia/Shanghai. */
  cron: string;
  /** Returns an optional short message stored on the run. */
  run: () => Promise<string | void> | string | void;
};

export type RunTrigger = "cron" | "manual" | "startup";
export type JobRun = { id: number; status: "ok" | "failed" | "skipped"; message: string | null };

const silent = { info() {}, warn() {}, error() {}, debug() {} };

export class Scheduler {
  private jobs = new Map<string, JobDef>();
  private running = new Set<string>();
  private tasks: ScheduledTask[] = [];
  constructor(private db: Db) {}

  register(job: JobDef) {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: bad cron "${job.cron}"`);
    this.jobs.set(job.name, job);
  }

  list(): JobDef[] {
    return [...this.jobs.values()];
  }

  isRunning(name: string) {
    return this.running.has(name);
  }

  /** Start the clocks. Tests usually never call this and use runNow(). */
  start() {
    for (const job of this.jobs.values()) {
      const task = cron.schedule(job.cron, () => void this.runNow(job.name, "cron").catch(() => {}), {
        timezone: TZ,
        name: job.name,
        noOverlap: true,
        logger: silent,
      } as any);
      this.tasks.push(task);
    }
  }

  async stop() {
    for (const t of this.tasks) await t.destroy();
    this.tasks = [];
  }

  /** Run a job now. A run while the same job is still running is recorded as skipped. */
  async runNow(name: string, trigger: RunTrigger = "manual", actor = "system"): Promise<JobRun> {
    const job = this.jobs.get(name);
    if (!job) throw NotFound("任务", "job.not_found");
    const s = this.db.sqlite;
    if (this.running.has(name)) {
      const r = s
        .query<{ id: number }, SQLQueryBindings[]>(
          "INSERT INTO job_runs (job, trigger, started_at, finished_at, status, message, actor) VALUES (?, ?, ?, ?, 'skipped', ?, ?) RETURNING id",
        )
        .get(name, trigger, nowIso(), nowIso(), "上一次运行尚未结束，本次跳过", actor)!;
      if (trigger === "manual") throw Conflict("job.running", `任务「${job.title}」正在运行，请稍后再试`);
      return { id: r.id, status: "skipped", message: "overlap" };
    }
    this.running.add(name);
    const { id } = s
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO job_runs (job, trigger, started_at, status, actor) VALUES (?, ?, ?, 'running', ?) RETURNING id",
      )
      .get(name, trigger, nowIso(), actor)!;
    let status: "ok" | "failed" = "ok";
    let message: string | null = null;
    try {
      const out = await job.run();
      message = out ? String(out).slice(0, 2000) : null;
    } catch (e) {
      status = "failed";
      message = (e instanceof Error ? e.stack || e.message : String(e)).slice(0, 2000);
    } finally {
      this.running.delete(name);
    }
    s.query("UPDATE job_runs SET finished_at = ?, status = ?, message = ? WHERE id = ?").run(
      nowIso(),
      status,
      message,
      id,
    );
    return { id, status, message };
  }

  lastRuns(limit = 50) {
    return this.db.sqlite
      .query<
        {
          id: number;
          job: string;
          trigger: string;
          started_at: string;
          finished_at: string | null;
          status: string;
          message: string | null;
          actor: string | null;
        },
        SQLQueryBindings[]
      >("SELECT * FROM job_runs ORDER BY id DESC LIMIT ?")
      .all(limit);
  }
}
