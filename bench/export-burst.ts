// A burst of N concurrent Excel exports (evaluation indicators, a period's cases) against a demo county,
// while one client polls /healthz and another reloads a workbench. The exports run in the worker pool
// (server/core/pool.ts): beyond POOL_WORKERS running + POOL_QUEUE waiting, they get 503 + Retry-After.
// Prints exports finished / refused, and /healthz and workbench latency during the burst.
// Usage: bun bench/export-burst.ts [exports=50] [history=20000] [scale=1]
import { freshDir, startServer, Http, pct, seedDemo } from "./lib.ts";

const [n, history, scale] = [50, 20000, 1].map((d, i) => Number(process.argv[2 + i] ?? d));
const dir = freshDir("wanmi-burst-");
seedDemo(dir, scale!, history!);
const s = await startServer(dir);
try {
  const leader = new Http(s.base);
  await leader.login("leader");
  const desk = new Http(s.base);
  await desk.login("dispatcher");
  // one export alone first, for scale
  let t = performance.now();
  const one = await leader.get("/evaluation?kind=department&format=xlsx");
  const oneBytes = (await one.arrayBuffer()).byteLength;
  console.log(`one evaluation export alone: ${one.status}, ${oneBytes} B, ${(performance.now() - t).toFixed(0)} ms`);

  let burstDone = false;
  const health: number[] = [];
  const bench: number[] = [];
  const poll = async (xs: number[], f: () => Promise<Response>) => {
    while (!burstDone) {
      const a = performance.now();
      await (await f()).arrayBuffer();
      xs.push(performance.now() - a);
      await Bun.sleep(20);
    }
  };
  const pollers = [poll(health, () => fetch(s.base + "/healthz")), poll(bench, () => desk.get("/"))];
  t = performance.now();
  const status = new Map<number, number>();
  const finish: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const a = performance.now();
      const r = await leader.get(i % 2 ? "/evaluation?kind=department&format=xlsx" : "/cases/export.xlsx?queue=all");
      await r.arrayBuffer();
      status.set(r.status, (status.get(r.status) ?? 0) + 1);
      if (r.status === 200) finish.push(performance.now() - a);
    }),
  );
  const burst = performance.now() - t;
  burstDone = true;
  await Promise.all(pollers);
  const f = (x: number) => x.toFixed(1);
  console.log(`burst of ${n} exports (half evaluation, half case list): ${f(burst)} ms`);
  console.log(`  statuses: ${[...status].map(([k, v]) => `${k}×${v}`).join(", ")}`);
  console.log(`  finished exports: p50 ${f(pct(finish, 50))} ms, max ${f(Math.max(...finish))} ms`);
  console.log(
    `  /healthz during burst: n=${health.length} p50 ${f(pct(health, 50))} p95 ${f(pct(health, 95))} max ${f(Math.max(...health))} ms`,
  );
  console.log(
    `  workbench during burst: n=${bench.length} p50 ${f(pct(bench, 50))} p95 ${f(pct(bench, 95))} max ${f(Math.max(...bench))} ms`,
  );
} finally {
  s.proc.kill();
  await s.proc.exited;
}
