import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { Scheduler } from "./scheduler.ts";

test("runNow records ok and failed runs in job_runs", async () => {
  const db = testDb();
  const s = new Scheduler(db);
  let n = 0;
  s.register({ name: "count", title: "计数", cron: "*/5 * * * *", run: () => `ran ${++n}` });
  s.register({
    name: "boom",
    title: "失败",
    cron: "0 3 * * *",
    run: () => {
      throw new Error("kaput");
    },
  });
  expect((await s.runNow("count")).status).toBe("ok");
  const f = await s.runNow("boom", "manual", "admin");
  expect(f.status).toBe("failed");
  expect(f.message).toContain("kaput");
  const rows = db.sqlite.query("SELECT job, status, message, actor FROM job_runs ORDER BY id").all() as any[];
  expect(rows.map((r) => [r.job, r.status])).toEqual([
    ["count", "ok"],
    ["boom", "failed"],
  ]);
  expect(rows[0].message).toBe("ran 1");
});

test("the overlap guard skips a second run while the first is still going", async () => {
  const db = testDb();
  const s = new Scheduler(db);
  let release!: () => void;
  s.register({ name: "slow", title: "慢任务", cron: "* * * * *", run: () => new Promise<void>((r) => (release = r)) });
  const first = s.runNow("slow", "cron");
  const second = await s.runNow("slow", "cron");
  expect(second.status).toBe("skipped");
  await expect(s.runNow("slow", "manual")).rejects.toMatchObject({ code: "job.running", kind: "conflict" });
  release();
  expect((await first).status).toBe("ok");
  const statuses = (db.sqlite.query("SELECT status FROM job_runs ORDER BY id").all() as any[]).map((r) => r.status);
  expect(statuses).toEqual(["ok", "skipped", "skipped"]);
});

test("bad cron expressions and duplicate names are refused at registration", () => {
  const s = new Scheduler(testDb());
  expect(() => s.register({ name: "x", title: "x", cron: "every minute", run: () => {} })).toThrow(/bad cron/);
  s.register({ name: "y", title: "y", cron: "* * * * *", run: () => {} });
  expect(() => s.register({ name: "y", title: "y", cron: "* * * * *", run: () => {} })).toThrow(/twice/);
});
