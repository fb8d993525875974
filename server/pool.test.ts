// The worker pool (server/core/pool.ts + server/worker.ts) through the real app: a job runs in a
// worker and returns; a full queue is 503 稍后重试 with Retry-After; a job whose request went away
// never starts; a cancelled long query stops and its worker takes the next job.
import { test, expect, afterAll } from "bun:test";
import { testApp, Client, type TestApp } from "./testing/index.ts";
import { world } from "./cases/fixtures.ts";
import type { AppError } from "./core/errors.ts";

const apps: TestApp[] = [];
afterAll(() => {
  for (const t of apps) t.deps.pool.close();
});
async function setup(env: Record<string, string> = {}) {
  const t = testApp(env);
  apps.push(t);
  world(t.deps.db);
  const cl = new Client(t);
  await cl.login("intake_qian");
  return { t, cl };
}
const FOREVER = 1e15;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: AppError) => e.code,
  );

test("a job runs in a worker on its own read-only connection and returns its value", async () => {
  const { t, cl } = await setup();
  expect(await t.deps.pool.run("pool.spin", { n: 1000 })).toBe(1000);
  const r = await cl.get("/cases/export.csv?queue=all");
  expect(r.status).toBe(200);
  expect((await r.text()).split("\r\n")[0]).toContain(`"案件编号","状态"`);
  expect(t.deps.pool.stats.done).toBe(2);
});

test("a full queue answers 503 with Retry-After and 稍后重试; /healthz still answers", async () => {
  const { t, cl } = await setup({ POOL_WORKERS: "1", POOL_QUEUE: "0" });
  const hold = new AbortController();
  const busy = codeOf(t.deps.pool.run("pool.spin", { n: FOREVER }, { signal: hold.signal }));
  const r = await cl.get("/cases/export.csv?queue=all");
  expect(r.status).toBe(503);
  expect(r.headers.get("retry-after")).toBe("5");
  expect(r.headers.get("x-error-code")).toBe("pool.busy");
  expect(await r.text()).toContain("稍后重试");
  expect((await t.app.request("/healthz")).status).toBe(200);
  hold.abort();
  expect(await busy).toBe("request.aborted");
  expect(t.deps.pool.stats.refused).toBe(1);
});

test("a job whose request was aborted while queued is dropped, never started", async () => {
  const { t, cl } = await setup({ POOL_WORKERS: "1", POOL_QUEUE: "4" });
  const hold = new AbortController();
  const busy = codeOf(t.deps.pool.run("pool.spin", { n: FOREVER }, { signal: hold.signal }));
  const gone = new AbortController();
  const req = cl.request("/cases/export.xlsx?queue=all", { signal: gone.signal }).catch(() => null);
  while (t.deps.pool.waiting === 0) await Promise.resolve().then(() => Bun.sleep(0));
  gone.abort();
  hold.abort();
  await busy;
  await req;
  // the spin started; the export was dropped when the worker freed up
  expect(t.deps.pool.stats.started).toBe(1);
  expect(t.deps.pool.stats.dropped).toBe(1);
  expect(await t.deps.pool.run("pool.spin", { n: 5 })).toBe(5);
});

test("a long query past its time limit is cancelled mid-query and the worker is reusable", async () => {
  const { t } = await setup({ POOL_WORKERS: "1" });
  expect(await codeOf(t.deps.pool.run("pool.spin", { n: FOREVER }, { timeoutMs: 50 }))).toBe("pool.timeout");
  // If the query had not stopped, the single worker would never take this job.
  expect(await t.deps.pool.run("pool.spin", { n: 10 })).toBe(10);
  expect(t.deps.pool.stats.cancelled).toBe(1);
});
