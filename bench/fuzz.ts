// (d) Fuzz every registered route (walks router.table) as a user holding an allowed role, with
// malformed, oversized and hostile input: SQL, HTML/script, path traversal, huge and fake photos,
// invalid UTF-8, wrong content types, missing/forged CSRF. Fails on any 5xx, on an unescaped
// script marker in any response, and on damage to data that existed before.
// In-process (app.request) on a fresh data dir with a small demo county.
// Usage: bun bench/fuzz.ts [scale=0.05]
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { boot } from "../server/boot.ts";
import { seedDemoCounty, scaled } from "../server/demo/county.ts";
import { saveUser } from "../server/auth/verbs/save-user.ts";
import { freshDir, PNG_1x1 } from "./lib.ts";
import { setLogLevel } from "../server/ops/log.ts";
import type { Role } from "../server/core/context.ts";

const scale = Number(process.argv[2] ?? 0.05);
const dir = freshDir("wanmi-fuzz-");
const b = boot({ DATA_DIR: dir, SCHEDULER: "0", LOG_LEVEL: "error" });
const db = b.deps.db;
seedDemoCounty(db, { ...scaled(scale) });
const sys = { kind: "system" as const, job: "fuzz" };
saveUser(db, sys, { username: "sec", name: "安全员", roles: ["security_admin"], password: "wanmi2026" });
saveUser(db, sys, { username: "aud", name: "审计员", roles: ["auditor"], password: "wanmi2026" });
const USER_FOR: Record<Role, string> = {
  admin: "admin",
  leader: "leader",
  shift_lead: "shiftlead",
  intake: "intake",
  hotline: "hotline",
  dispatcher: "dispatcher",
  inspector: "inspector",
  handler: "water",
  security_admin: "sec",
  auditor: "aud",
};

class C {
  jar = new Map<string, string>();
  constructor(public ip: string) {}
  async req(path: string, init: Omit<RequestInit, "headers"> & { headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { "x-forwarded-for": this.ip, ...(init.headers ?? {}) };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await b.app.request(path, { ...init, headers, redirect: "manual" });
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(";");
      const i = pair!.indexOf("=");
      if (/Max-Age=0/i.test(sc)) this.jar.delete(pair!.slice(0, i));
      else this.jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }
  async csrf() {
    if (!this.jar.get("wanmi_csrf")) await this.req("/login");
    return this.jar.get("wanmi_csrf")!;
  }
  async login(u: string) {
    const body = new URLSearchParams({ _csrf: await this.csrf(), username: u, password: "wanmi2026" });
    const r = await this.req("/login", {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    if (r.status !== 303) throw new Error(`login ${u} ${r.status}`);
  }
}

const MARK = `<script>alert("wm-xss")</script>`;
const HOSTILE = [
  MARK,
  `"><img src=x onerror=alert(1)>`,
  `' OR '1'='1' --`,
  `1; DROP TABLE cases; --`,
  `../../../../etc/passwd`,
  `..%2f..%2fwanmi.db`,
  "\u0000",
  "-1",
  "0",
  "99999999999999999999999",
  "1e309",
  "NaN",
  "  ",
  "𠮷𠮷😀\u202e",
  "x".repeat(70_000),
];
const FIELDS = [
  "q",
  "name",
  "username",
  "code",
  "description",
  "address",
  "note",
  "reason",
  "title",
  "value",
  "departmentId",
  "categoryId",
  "gridId",
  "lng",
  "lat",
  "urgency",
  "source",
  "expect",
  "phone",
  "password",
  "password2",
  "current",
  "level",
  "parentId",
  "page",
  "state",
  "kind",
  "id",
  "days",
  "date",
  "reporterName",
  "reporterPhone",
  "minLength",
  "classes",
  "maxAgeDays",
  "lockFailures",
  "lockFailuresPerIp",
  "lockMinutes",
  "idleMinutes",
  "roles",
  "active",
];
const PARAM_VALUES = [
  "1",
  "0",
  "-1",
  "999999999",
  "abc",
  "..%2F..%2Fwanmi.db",
  "%3Cscript%3E",
  "1%20OR%201%3D1",
  "%00",
  "x".repeat(3000),
];

const before = {
  users: (db.sqlite.query("SELECT count(*) n FROM users").get() as any).n as number,
  components: (db.sqlite.query("SELECT count(*) n FROM components").get() as any).n as number,
  grids: (db.sqlite.query("SELECT count(*) n FROM grids").get() as any).n as number,
  adminHash: (db.sqlite.query("SELECT password_hash h FROM users WHERE username = 'admin'").get() as any).h as string,
};

const statuses = new Map<number, number>();
const fails: string[] = [];
let n = 0;
async function hit(
  c: C,
  method: string,
  path: string,
  init: Omit<RequestInit, "headers"> & { headers?: Record<string, string> } = {},
) {
  let res: Response;
  try {
    res = await c.req(path, { method, ...init });
  } catch (e) {
    fails.push(`${method} ${path.slice(0, 120)}: threw ${(e as Error).message}`);
    return;
  }
  n++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const ct = res.headers.get("content-type") ?? "";
  const text = ct.includes("text") || ct.includes("json") ? await res.text() : (await res.arrayBuffer(), "");
  if (res.status >= 500) fails.push(`${method} ${path.slice(0, 120)} → ${res.status} ${text.slice(0, 160)}`);
  if (ct.includes("html") && text.includes(MARK))
    fails.push(`${method} ${path.slice(0, 120)} → unescaped script in response`);
}

setLogLevel("error");
const t0 = performance.now();
const routes = b.router.table.filter((r) => !(r.method === "POST" && r.path === "/logout"));
console.log(`${routes.length} routes; data dir ${dir}`);
const clients = new Map<string, C>();
async function clientFor(access: (typeof routes)[number]["access"]) {
  const role: Role | null = access === "public" ? null : access === "user" ? "intake" : (access as readonly Role[])[0]!;
  const key = role ?? "anon";
  if (!clients.has(key)) {
    const c = new C(`10.9.${clients.size}.9`);
    if (role) await c.login(USER_FOR[role]);
    clients.set(key, c);
  }
  return clients.get(key)!;
}

// sign everyone in first: fuzzing /login locks the fuzzing address (by design)
for (const role of Object.keys(USER_FOR)) await clientFor([role as Role]);
await clientFor("public");
for (const r of routes) {
  const c = await clientFor(r.access);
  const paths = r.path.includes(":") ? PARAM_VALUES.map((v) => r.path.replace(/:[A-Za-z_]+/g, v)) : [r.path];
  for (const p of paths) {
    if (r.method === "GET") {
      if (p.includes("/events")) continue; // SSE streams stay open
      await hit(c, "GET", p);
      for (const h of HOSTILE.slice(0, 8))
        await hit(
          c,
          "GET",
          `${p}?q=${encodeURIComponent(h)}&page=${encodeURIComponent(h)}&state=${encodeURIComponent(h)}&dept=${encodeURIComponent(h)}&kind=${encodeURIComponent(h)}`,
        );
      await hit(c, "GET", p, { headers: { "hx-request": "true", accept: "application/json" } });
      continue;
    }
    const csrf = await c.csrf();
    // no CSRF, forged CSRF
    await hit(c, r.method, p, {
      body: new URLSearchParams({ q: "x" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    await hit(c, r.method, p, {
      body: new URLSearchParams({ _csrf: "forged" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    // every hostile value in every common field
    for (const h of HOSTILE) {
      const body = new URLSearchParams({ _csrf: csrf });
      for (const f of FIELDS) body.append(f, h);
      await hit(c, r.method, p, { body, headers: { "content-type": "application/x-www-form-urlencoded" } });
      await hit(c, r.method, p, {
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", "hx-request": "true" },
      });
    }
    // invalid UTF-8, JSON where a form is expected, empty body, wrong content type
    const bad = new Uint8Array([
      0x5f,
      0x63,
      0x73,
      0x72,
      0x66,
      0x3d,
      ...new TextEncoder().encode(csrf),
      0x26,
      0x71,
      0x3d,
      0xff,
      0xfe,
      0xc3,
      0x28,
      0xe2,
      0x82,
    ]);
    await hit(c, r.method, p, {
      body: bad,
      headers: { "content-type": "application/x-www-form-urlencoded; charset=gbk", "x-csrf-token": csrf },
    });
    await hit(c, r.method, p, {
      body: JSON.stringify({ q: MARK, id: { $gt: 1 } }),
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
    });
    await hit(c, r.method, p, { headers: { "x-csrf-token": csrf } });
    await hit(c, r.method, p, { body: "%%%%", headers: { "content-type": "text/plain", "x-csrf-token": csrf } });
    // multipart: fake photo (PHP with image type), huge photo, traversal file name, plus hostile text
    for (const file of [
      new File([new TextEncoder().encode("<?php system($_GET[c]); ?>")], "../../shell.php", { type: "image/jpeg" }),
      new File([new Uint8Array(12 * 1024 * 1024)], "huge.jpg", { type: "image/jpeg" }),
      new File([PNG_1x1], `..\\..\\${MARK}.png`, { type: "image/png" }),
    ]) {
      const fd = new FormData();
      fd.set("_csrf", csrf);
      for (const f of FIELDS) fd.set(f, f === "description" ? MARK : HOSTILE[FIELDS.indexOf(f) % HOSTILE.length]!);
      fd.append("photos", file);
      fd.append("file", file);
      await hit(c, r.method, p, { body: fd });
    }
  }
}

// Afterwards: every list page as each role, looking for an unescaped stored script.
for (const [role] of Object.entries(USER_FOR)) {
  const c = await clientFor([role as Role]);
  for (const r of routes.filter((x) => x.method === "GET" && !x.path.includes(":") && !x.path.includes("/events"))) {
    if (r.access !== "public" && r.access !== "user" && !(r.access as readonly string[]).includes(role)) continue;
    await hit(c, "GET", r.path);
  }
}

const after = {
  users: (db.sqlite.query("SELECT count(*) n FROM users").get() as any).n as number,
  components: (db.sqlite.query("SELECT count(*) n FROM components").get() as any).n as number,
  grids: (db.sqlite.query("SELECT count(*) n FROM grids").get() as any).n as number,
  adminHash: (db.sqlite.query("SELECT password_hash h FROM users WHERE username = 'admin'").get() as any).h as string,
};
const ic = (db.sqlite.query("PRAGMA integrity_check").get() as any).integrity_check;
db.sqlite.close();
const raw = new Database(join(dir, "wanmi.db"), { readonly: true });
let storedScripts = 0;
for (const { name } of raw
  .query("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")
  .all() as { name: string }[]) {
  const cols = (raw.query(`PRAGMA table_info("${name}")`).all() as { name: string; type: string }[]).filter((c) =>
    /TEXT|^$/i.test(c.type),
  );
  for (const col of cols)
    storedScripts += (
      raw.query(`SELECT count(*) n FROM "${name}" WHERE "${col.name}" LIKE '%<script>alert("wm-xss")%'`).get() as any
    ).n;
}
raw.close();

console.log(`\n${n} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log("status counts:", Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])));
console.log(`5xx / unescaped script in a response: ${fails.length}`);
for (const f of fails.slice(0, 20)) console.log("  " + f);
console.log(`rows holding the script marker as text (stored, always rendered escaped): ${storedScripts}`);
console.log(
  `integrity_check: ${ic}; users ${before.users}→${after.users}, components ${before.components}→${after.components}, grids ${before.grids}→${after.grids}, admin password unchanged: ${before.adminHash === after.adminHash}`,
);
process.exit(
  fails.length ||
    ic !== "ok" ||
    after.components < before.components ||
    after.grids < before.grids ||
    before.adminHash !== after.adminHash
    ? 1
    : 0,
);
