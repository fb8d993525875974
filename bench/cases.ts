// Benchmark (not a test): N historical closed cases + M open ones, then p95 of
// a workbench page, a case list page, a case page, and transitions.
// Usage: bun bench/cases.ts [historical=1000000] [open=5000] [samples=200]
import { join } from "node:path";
import { testApp, Client } from "../server/testing/index.ts";
import { world, fastUser } from "../server/cases/fixtures.ts";
import { shanghaiDate } from "../server/core/calendar.ts";
import { urge } from "../server/cases/verbs/urge.ts";
import { fileCase } from "../server/cases/verbs/file.ts";

const HIST = Number(process.argv[2] ?? 1_000_000);
const OPEN = Number(process.argv[3] ?? 5_000);
const SAMPLES = Number(process.argv[4] ?? 200);

const t = testApp();
const db = t.deps.db;
const w = world(db);
const s = db.sqlite;
console.log(`data dir ${t.dir}`);

const words = [
  "井盖缺失",
  "路灯不亮",
  "垃圾满溢",
  "占道经营",
  "违章停车",
  "绿化带损坏",
  "广告牌破损",
  "道路坑洼",
  "污水外溢",
  "乱堆物料",
];
const roads = ["东门路", "西街", "解放大道", "人民路", "建设路", "滨江路", "文化路", "新华街"];
const sources = ["inspector", "hotline", "citizen", "video", "leader", "media", "self_check", "api"];
const OPEN_STATES = ["reported", "filed", "dispatched", "in_progress", "checking", "to_close", "suspended"];

const t0 = performance.now();
s.run("BEGIN");
const ins = s.prepare(
  `INSERT INTO cases (no, source, state, category_id, urgency, description, address, lng, lat, grid_id, town_id, community_id, department_id,
     stage_started_at, due_at, warn_at, warn_level, created_at, filed_at, dispatched_at, closed_at, updated_at)
   VALUES (?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
);
const ev = s.prepare(
  "INSERT INTO case_events (case_id, at, action, from_state, to_state, actor, note) VALUES (?, ?, ?, ?, ?, 'bench', ?)",
);
const counter = new Map<string, number>();
const start = Date.now() - 3 * 365 * 86400_000;
const total = HIST + OPEN;
for (let i = 0; i < total; i++) {
  const isOpen = i >= HIST;
  const at = isOpen
    ? Date.now() - (OPEN - (i - HIST)) * 60_000
    : start + Math.floor((i / HIST) * (3 * 365 - 7) * 86400_000);
  const day = shanghaiDate(at).replaceAll("-", "");
  const n = (counter.get(day) ?? 0) + 1;
  counter.set(day, n);
  const state = isOpen ? OPEN_STATES[i % OPEN_STATES.length]! : "closed";
  const iso = new Date(at).toISOString();
  const due =
    isOpen && state !== "to_close" && state !== "suspended"
      ? new Date(at + ((i % 3) - 0.5) * 86400_000 * 2).toISOString()
      : null;
  const dept = ["dispatched", "in_progress", "checking", "to_close", "suspended", "closed"].includes(state)
    ? i % 2
      ? w.dept_water
      : w.dept_roads
    : null;
  const desc = `${roads[i % roads.length]}${(i % 300) + 1}号${words[i % words.length]}，编号${i}`;
  const r = ins.run(
    `${day}-${String(n).padStart(4, "0")}`,
    sources[i % 8]!,
    state,
    w.cat_manhole,
    desc,
    `${roads[i % roads.length]} ${(i % 300) + 1} 号`,
    115.9 + (i % 1000) / 100000,
    28.6 + (i % 997) / 100000,
    w.grid_030101,
    w.town_chengguan,
    w.comm_dongmen,
    dept,
    iso,
    due,
    due ? new Date(Date.parse(due) - 3600_000).toISOString() : null,
    iso,
    iso,
    dept ? iso : null,
    isOpen ? null : iso,
    iso,
  );
  const id = Number(r.lastInsertRowid);
  ev.run(id, iso, "report", null, "reported", "上报");
  if (isOpen) {
    ev.run(id, iso, "file", "reported", "filed", "立案");
    ev.run(id, iso, "dispatch", "filed", "dispatched", "派遣");
  }
  if (i % 100_000 === 0 && i) console.log(`  ${i} rows…`);
}
const upCounter = s.prepare(
  "INSERT INTO case_counters (day, n) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET n = excluded.n",
);
for (const [d, n] of counter) upCounter.run(d, n);
s.run("COMMIT");
s.run("ANALYZE");
console.log(
  `generated ${HIST} historical + ${OPEN} open cases in ${((performance.now() - t0) / 1000).toFixed(1)} s; db ${(Bun.file(join(t.dir, "wanmi.db")).size / 1e6).toFixed(0)} MB`,
);

// more users so notifications fan out realistically
for (let i = 0; i < 20; i++) fastUser(db, `bench_handler_${i}`, ["handler"], w.dept_water);

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]!;
};
const report = (name: string, xs: number[]) =>
  console.log(
    `${name.padEnd(44)} n=${xs.length}  p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  max ${Math.max(...xs).toFixed(2)} ms`,
  );

async function timeGet(cl: Client, path: (i: number) => string, n = SAMPLES) {
  const xs: number[] = [];
  for (let i = 0; i < n + 10; i++) {
    const a = performance.now();
    const res = await cl.get(path(i));
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path(i)} → ${res.status} ${body.slice(0, 200)}`);
    if (i >= 10) xs.push(performance.now() - a); // first 10 warm up
  }
  return xs;
}

const openIds = (s.query("SELECT id FROM cases WHERE state != 'closed' ORDER BY id").all() as { id: number }[]).map(
  (r) => r.id,
);
const disp = new Client(t);
await disp.login("dispatcher_zhou");
const water = new Client(t);
await water.login("water_wu");
const intake = new Client(t);
await intake.login("intake_qian");

const admin = new Client(t);
await admin.login("admin_root");
report("baseline: GET /workbench/admin (no panels)", await timeGet(admin, () => "/workbench/admin"));
report("GET /workbench/dispatcher", await timeGet(disp, () => "/workbench/dispatcher"));
report("GET /workbench/handler (department)", await timeGet(water, () => "/workbench/handler"));
report("GET /workbench/intake", await timeGet(intake, () => "/workbench/intake"));
report("GET /cases?queue=to_dispatch", await timeGet(disp, () => "/cases?queue=to_dispatch"));
report("GET /cases?queue=overdue&page=3", await timeGet(disp, () => "/cases?queue=overdue&page=3"));
report("GET /cases?queue=all&q=解放大道 (FTS)", await timeGet(intake, () => "/cases?queue=all&q=解放大道", 50));
report("GET /cases?state=closed&page=5", await timeGet(intake, () => "/cases?queue=all&state=closed&page=5", 50));
report("GET /cases?q=路灯 (2 characters, bigrams)", await timeGet(intake, () => "/cases?queue=all&q=路灯", 50));
report("GET /cases?q=井盖缺失 (4 characters)", await timeGet(intake, () => "/cases?queue=all&q=井盖缺失", 50));
report("GET /cases/:id (open case)", await timeGet(disp, (i) => `/cases/${openIds[(i * 37) % openIds.length]}`));
report("GET /cases/:id (historical case)", await timeGet(disp, (i) => `/cases/${1 + ((i * 4999) % HIST)}`));

// transitions: urge (same state) and file (state change, deadline recompute)
{
  const xs: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const id = openIds[(i * 13) % openIds.length]!;
    const a = performance.now();
    urge(db, w.dispatcher_zhou, { caseId: id, note: "请加快处理" });
    xs.push(performance.now() - a);
  }
  report("transition: urge (verb)", xs);
}
{
  const reported = (
    s.query("SELECT id FROM cases WHERE state = 'reported' LIMIT ?").all(SAMPLES) as { id: number }[]
  ).map((r) => r.id);
  const xs: number[] = [];
  for (const id of reported) {
    const a = performance.now();
    fileCase(db, w.intake_qian, { caseId: id, expect: "reported" });
    xs.push(performance.now() - a);
  }
  report("transition: file (verb, new deadline)", xs);
}
{
  const filed = (s.query("SELECT id FROM cases WHERE state = 'filed' LIMIT ?").all(SAMPLES) as { id: number }[]).map(
    (r) => r.id,
  );
  const xs: number[] = [];
  for (const id of filed) {
    const a = performance.now();
    const res = await disp.post(`/cases/${id}/dispatch`, { expect: "filed", departmentId: String(w.dept_water) });
    if (res.status !== 303) throw new Error(`dispatch ${id} → ${res.status}`);
    xs.push(performance.now() - a);
  }
  report("POST /cases/:id/dispatch (HTTP, full)", xs);
}
