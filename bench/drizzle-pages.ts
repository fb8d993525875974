// Page cost of the data layer: the dispatcher and handler workbenches and a case page, served in-process
// through app.request() with a signed-in session on the default demo county (seed 1).
// Prints requests/s, p50 and p95 per page. With --baseline FILE it prints that earlier run next to this one
// and the change; --out FILE saves this run. The server code is taken from the current directory, so the
// same script measures another checkout:  cd ../other && bun /path/to/bench/drizzle-pages.ts --out before.json
// Usage: bun bench/drizzle-pages.ts [--iterations 1000] [--out FILE] [--baseline FILE]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Database } from "bun:sqlite";
import { BUN, freshDir, pct } from "./lib.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { iterations: { type: "string" }, out: { type: "string" }, baseline: { type: "string" } },
});
const N = Number(values.iterations ?? 1000);
const root = process.cwd();
const MAIN = join(root, "server/main.ts");
if (!existsSync(MAIN)) throw new Error(`run from a checkout: ${MAIN} not found`);

const dir = freshDir("wanmi-drizzle-pages-");
const env = { PATH: process.env.PATH!, DATA_DIR: dir, SCHEDULER: "0", LOG_LEVEL: "warn" };
const t0 = performance.now();
const seed = Bun.spawnSync([BUN, MAIN, "demo", "--seed", "1"], { env, stdout: "pipe", stderr: "pipe" });
if (seed.exitCode !== 0) throw new Error(seed.stderr.toString());
console.log(`demo county seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${root})`);

const meta = new Database(join(dir, "wanmi.db"), { readonly: true });
const caseIds = meta
  .query<{ id: number }, []>("SELECT id FROM cases WHERE closed_at IS NULL ORDER BY id LIMIT 20")
  .all()
  .map((r) => r.id);
meta.close();

process.env.LOG_LEVEL = "warn"; // the access log would dominate the measurement
const { boot } = await import(join(root, "server/boot.ts"));
const { app } = boot(env) as { app: { request: (path: string, init?: RequestInit) => Promise<Response> } };

/** A cookie-keeping client against app.request(). */
async function signIn(username: string) {
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const sc of r.headers.getSetCookie()) {
      const [pair] = sc.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return r;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  keep(await app.request("/login"));
  const body = new URLSearchParams({ username, password: "wanmi2026", _csrf: jar.get("wanmi_csrf") ?? "" });
  const r = keep(
    await app.request("/login", {
      method: "POST",
      body,
      headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" },
    }),
  );
  if (r.status !== 303) throw new Error(`sign-in as ${username}: ${r.status}`);
  return (path: string) => app.request(path, { headers: { cookie: cookie() } });
}

const dispatcher = await signIn("dispatcher");
const handler = await signIn("water");
let next = 0;
const pages: [string, () => Promise<Response>][] = [
  ["/workbench/dispatcher", () => dispatcher("/workbench/dispatcher")],
  ["/workbench/handler", () => handler("/workbench/handler")],
  ["/cases/:id", () => dispatcher(`/cases/${caseIds[next++ % caseIds.length]}`)],
];

type Result = { page: string; rps: number; p50: number; p95: number };
const results: Result[] = [];
for (const [page, get] of pages) {
  for (let i = 0; i < Math.max(20, N / 10); i++) await (await get()).arrayBuffer(); // warm-up
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const r = await get();
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${page}: ${r.status}`);
    times.push(performance.now() - t);
  }
  const rps = N / ((performance.now() - start) / 1000);
  results.push({ page, rps, p50: pct(times, 50), p95: pct(times, 95) });
}

const baseline: Result[] | null = values.baseline ? JSON.parse(readFileSync(values.baseline, "utf8")) : null;
const f = (x: number, d = 1) => x.toFixed(d);
console.log(`\n${N} requests per page`);
for (const r of results) {
  const b = baseline?.find((x) => x.page === r.page);
  const now = `${f(r.rps, 0)} req/s  p50 ${f(r.p50, 2)} ms  p95 ${f(r.p95, 2)} ms`;
  if (!b) console.log(`${r.page.padEnd(24)} ${now}`);
  else {
    const change = ((r.rps - b.rps) / b.rps) * 100;
    console.log(
      `${r.page.padEnd(24)} before ${f(b.rps, 0)} req/s  p50 ${f(b.p50, 2)}  p95 ${f(b.p95, 2)} ms | after ${now} | ${change >= 0 ? "+" : ""}${f(change)} % req/s`,
    );
  }
}
if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
