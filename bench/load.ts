// (a) Load: N desk users and M inspectors working against a running demo county for D seconds.
// Each virtual user signs in once and loops with think time (bounded: one request in flight per
// user). Desk users open their workbench, queues, case pages and search, and file reports;
// inspectors open /m and report problems with a photo. Prints p50/p95/p99 per page and errors.
// Usage: bun bench/load.ts [desk=200] [inspectors=50] [seconds=300] [scale=1] [prefillCases=300] [history=3000]
// The issue's target (1M components, 1M historical cases):  bun bench/load.ts 200 50 300 16.7 300 1000000
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { freshDir, startServer, Http, pct, PNG_1x1, seedDemo } from "./lib.ts";

const [desk, inspectors, seconds, scale, prefill, history] = [200, 50, 300, 1, 300, 3000].map((d, i) =>
  Number(process.argv[2 + i] ?? d),
);
const dir = freshDir("wanmi-load-");
seedDemo(dir, scale!, history!);
const s = await startServer(dir);
const meta = new Database(join(dir, "wanmi.db"), { readonly: true });
const catIds = (
  meta.query("SELECT id FROM categories WHERE kind = 'event' ORDER BY id LIMIT 40").all() as { id: number }[]
).map((r) => r.id);
meta.close();

const times = new Map<string, number[]>();
const errors = new Map<string, number>();
const record = (page: string, ms: number, status: number) => {
  if (!times.has(page)) times.set(page, []);
  times.get(page)!.push(ms);
  if (status >= 400)
    errors.set(
      `${page} ${status}${status === 403 ? " (handler outside its department: scope refusal, expected)" : ""}`,
      (errors.get(`${page} ${status}`) ?? 0) + 1,
    );
};
async function timed(page: string, f: () => Promise<Response>) {
  const t = performance.now();
  try {
    const r = await f();
    await r.arrayBuffer();
    record(page, performance.now() - t, r.status);
    return r;
  } catch (e) {
    errors.set(`${page} ${(e as Error).name}`, (errors.get(`${page} ${(e as Error).name}`) ?? 0) + 1);
    return null;
  }
}
const rnd = (n: number) => Math.floor(Math.random() * n);
const think = () => Bun.sleep(1000 + rnd(2000));
const caseIds: number[] = [];

function reportForm(source: string) {
  const fd = new FormData();
  const lng = 115.87 + Math.random() * 0.09,
    lat = 28.66 + Math.random() * 0.02;
  for (const [k, v] of Object.entries({
    source,
    categoryId: String(catIds[rnd(catIds.length)]),
    urgency: "normal",
    description: `压测上报 ${Date.now()} 路面破损`,
    address: "示范县某路",
    lng: lng.toFixed(6),
    lat: lat.toFixed(6),
    reporterName: "市民",
    reporterPhone: "13800000000",
  }))
    fd.set(k, v);
  fd.append("photos", new File([PNG_1x1], "p.png", { type: "image/png" }));
  return fd;
}

// prefill cases so lists and case pages have content
{
  const h = new Http(s.base);
  await h.login("intake");
  for (let i = 0; i < prefill; i++) {
    const r = await h.post("/reports", reportForm("hotline"));
    await r.arrayBuffer();
    if (r.status === 303) caseIds.push(Number(r.headers.get("location")!.split("/")[2]!.split("?")[0]));
  }
  console.log(`prefilled ${caseIds.length} cases through POST /reports`);
}

const DESK = ["intake", "dispatcher", "leader", "hotline", "shiftlead", "water", "town"];
const deadline = () => performance.now() > end;
let end = 0;
async function deskUser(i: number) {
  const user = DESK[i % DESK.length]!;
  const h = new Http(s.base);
  const landing = await h.login(user);
  await Bun.sleep(rnd(3000));
  while (!deadline()) {
    await timed("workbench", () => h.get(landing));
    await think();
    await timed("cases list", () => h.get(`/cases?page=${1 + rnd(3)}`));
    await think();
    if (caseIds.length) await timed("case page", () => h.get(`/cases/${caseIds[rnd(caseIds.length)]}`));
    await think();
    await timed("search", () =>
      h.get(`/cases?queue=all&q=${encodeURIComponent(["路面", "破损", "压测", "2026"][rnd(4)]!)}`),
    );
    await think();
    if ((user === "intake" || user === "hotline") && rnd(4) === 0) {
      const r = await timed("report (POST)", async () => h.post("/reports", reportForm("hotline")));
      if (r?.status === 303) caseIds.push(Number(r.headers.get("location")!.split("/")[2]!.split("?")[0]));
      await think();
    }
  }
}
async function inspector() {
  const h = new Http(s.base);
  await h.login("inspector");
  await Bun.sleep(rnd(3000));
  while (!deadline()) {
    await timed("m home", () => h.get("/m"));
    await think();
    await timed("m report form", () => h.get("/reports/new"));
    await think();
    const r = await timed("m report (POST+photo)", async () => h.post("/reports", reportForm("inspector")));
    if (r?.status === 303) caseIds.push(Number(r.headers.get("location")!.split("/")[2]!.split("?")[0]));
    await Bun.sleep(3000 + rnd(5000));
  }
}

console.log(`running ${desk} desk users + ${inspectors} inspectors for ${seconds} s …`);
end = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all([
  ...Array.from({ length: desk }, (_, i) => deskUser(i)),
  ...Array.from({ length: inspectors }, () => inspector()),
]);
const wall = (performance.now() - started) / 1000;
s.proc.kill("SIGTERM");
await s.proc.exited;

let total = 0;
console.log(
  `\n${"page".padEnd(24)} ${"n".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`,
);
for (const [p, xs] of [...times].sort()) {
  total += xs.length;
  console.log(
    `${p.padEnd(24)} ${String(xs.length).padStart(6)} ${pct(xs, 50).toFixed(1).padStart(8)} ${pct(xs, 95).toFixed(1).padStart(8)} ${pct(xs, 99).toFixed(1).padStart(8)} ${Math.max(
      ...xs,
    )
      .toFixed(1)
      .padStart(8)}`,
  );
}
console.log(
  `\n${total} requests in ${wall.toFixed(0)} s (${(total / wall).toFixed(1)}/s); cases at end: ${caseIds.length}`,
);
console.log(`errors: ${errors.size ? [...errors].map(([k, n]) => `${k} ×${n}`).join(", ") : "none"}`);
