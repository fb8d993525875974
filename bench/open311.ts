/**
 * Benchmark: Open311 GET requests (JSON and XML, 1,000 results each) and the daily export.
 * Run: BENCH_CASES=1000000 node_modules/.bin/bun bench/open311.ts   (default 50,000 cases)
 * Prints figures; asserts nothing.
 */
import { testApp } from "../server/testing/index.ts";
import { runDailyExport } from "../server/api/jobs/export.ts";
import { mulberry32 } from "../server/core/prng.ts";

const N = Number(process.env.BENCH_CASES) || 50_000;
const t = testApp();
const db = t.deps.db;
const rnd = mulberry32(42);
const cats = (
  db.sqlite.query("SELECT id FROM categories WHERE edition = 'GB/T 47678.5-2026'").all() as { id: number }[]
).map((c) => c.id);
const states = ["reported", "filed", "dispatched", "in_progress", "checking", "closed", "closed", "closed", "rejected"];
const sources = ["citizen", "inspector", "hotline", "api"];
const now = Date.now();
const ins = db.sqlite.query(
  "INSERT INTO cases (no, source, state, category_id, description, address, lng, lat, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
);
db.sqlite.run("BEGIN");
for (let i = 0; i < N; i++) {
  const at = new Date(now - Math.floor(rnd() * 365 * 86400_000)).toISOString();
  ins.run(
    `B${String(i).padStart(7, "0")}`,
    sources[i % 4]!,
    states[Math.floor(rnd() * states.length)]!,
    cats[Math.floor(rnd() * cats.length)]!,
    `测试问题 ${i}`,
    `人民路 ${i} 号`,
    115.8 + rnd() * 0.1,
    28.6 + rnd() * 0.1,
    at,
    at,
  );
}
db.sqlite.run("COMMIT");

async function time(label: string, path: string, runs = 20) {
  let bytes = 0;
  let items = 0;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await t.app.request(path);
    const body = await res.text();
    ms.push(performance.now() - t0);
    bytes = body.length;
    if (path.includes(".json")) items = JSON.parse(body).length;
  }
  ms.sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / runs;
  const p95 = ms[Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)]!;
  console.log(
    `${label.padEnd(48)} mean ${mean.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ${(bytes / 1024).toFixed(0).padStart(5)} KiB${items ? `  ${items} items` : ""}`,
  );
}

console.log(`${N} cases, 90-day default window ≈ ${Math.round((N * 90) / 365)} cases of which public sources 3/4`);
await time("GET requests.json (defaults: 90 days, 1000)", "/open311/v2/requests.json");
await time("GET requests.xml (defaults)", "/open311/v2/requests.xml");
await time("GET requests.json?status=open&page_size=100", "/open311/v2/requests.json?status=open&page_size=100");
await time("GET requests.json?service_code=E06001", "/open311/v2/requests.json?service_code=E06001");
await time("GET requests/{id}.json", "/open311/v2/requests/B0000001.json", 200);
await time("GET services.json", "/open311/v2/services.json");
const t0 = performance.now();
const day = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
db.sqlite.query("UPDATE cases SET updated_at = ? WHERE id % 25 = 0").run(new Date().toISOString());
const r = runDailyExport(db, t.deps.config.dataDir, day);
console.log(`daily export (${r.cases} cases that day) ${(performance.now() - t0).toFixed(0)} ms`);
