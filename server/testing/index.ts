// Test helpers: a real SQLite file per test, migrated from a template copy for speed.
// Every directory made here is removed after the test file that made it: `npm test` runs
// `bun test --isolate`, which evaluates this module afresh for each file, so the afterAll
// below is registered in every file. (Without --isolate the module is shared: the first file
// cleans up in its afterAll, a later file sweeps what an earlier one left.) Outside the test
// runner (bench/ scripts) the directories go at process exit.
import { afterAll } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, type Db } from "../core/db.ts";
import { migrate } from "../core/migrate.ts";

let template: string | null = null;
const made: { dir: string; file: string }[] = [];

/** A fresh directory under the system temp dir, removed after the current test file. */
export function tempDir(prefix = "wanmi-test-") {
  const earlier = made.filter((m) => m.file !== Bun.main);
  if (earlier.length) removeTempDirs(earlier);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push({ dir, file: Bun.main });
  return dir;
}

/** Remove the directories the helpers made (all of them unless a subset is given). */
export function removeTempDirs(which = [...made]) {
  for (const m of which) {
    rmSync(m.dir, { recursive: true, force: true });
    made.splice(made.indexOf(m), 1);
  }
  if (template && !existsSync(template)) template = null;
}

try {
  afterAll(() => removeTempDirs());
} catch {
  process.on("exit", () => removeTempDirs()); // not under bun test
}

/** A fresh, fully migrated database in its own temp file. */
export function testDb(dir = tempDir()): Db {
  if (!template || !existsSync(template)) {
    const tdir = tempDir("wanmi-template-");
    const t = openDb(join(tdir, "template.db"));
    migrate(t);
    t.sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
    t.sqlite.close();
    template = join(tdir, "template.db");
  }
  const path = join(dir, "wanmi.db");
  copyFileSync(template, path);
  return openDb(path, { durable: false }); // throwaway: fsync on every commit would only slow the suite
}

import { parseConfig } from "../core/config.ts";
import { Scheduler } from "../core/scheduler.ts";
import { Bus } from "../core/bus.ts";
import type { Deps } from "../core/http.ts";
import { createApp, type App } from "../app.tsx";
import { workerPool } from "../boot.ts";
import type { Role } from "../core/context.ts";

export type TestApp = App & { deps: Deps; dir: string };

/** The real app on a fresh database in its own data directory; called through app.request(). */
export function testApp(env: Record<string, string> = {}): TestApp {
  const dir = tempDir();
  const config = parseConfig({ DATA_DIR: dir, SCHEDULER: "0", ...env });
  const db = testDb(dir);
  const deps: Deps = {
    db,
    config,
    scheduler: new Scheduler(db),
    bus: new Bus(),
    version: "test",
    pool: workerPool(config, db.path),
  };
  const a = createApp(deps);
  return { ...a, deps, dir };
}

/** A browser-like client: keeps cookies, sends the CSRF token with every form post. */
export class Client {
  jar = new Map<string, string>();
  constructor(
    public t: TestApp,
    public ip = "10.0.0.1",
  ) {}

  private cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  private keep(res: Response) {
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(";");
      const i = pair!.indexOf("=");
      const k = pair!.slice(0, i);
      const v = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(sc) || v === "") this.jar.delete(k);
      else this.jar.set(k, v);
    }
    return res;
  }
  async request(path: string, init: Omit<RequestInit, "headers"> & { headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { "x-forwarded-for": this.ip, ...(init.headers ?? {}) };
    if (this.jar.size) headers.cookie = this.cookieHeader();
    return this.keep(await this.t.app.request(path, { ...init, headers, redirect: "manual" }));
  }
  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }
  async csrf() {
    if (!this.jar.get("wanmi_csrf")) await this.get("/login");
    return this.jar.get("wanmi_csrf")!;
  }
  /** A classic form post with the CSRF field, unless csrf: false. */
  async post(
    path: string,
    form: Record<string, string | string[]> = {},
    opts: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ) {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append("_csrf", typeof opts.csrf === "string" ? opts.csrf : await this.csrf());
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.request(path, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...(opts.headers ?? {}) },
    });
  }
  async login(username: string, password = TEST_PASSWORD) {
    const res = await this.post("/login", { username, password });
    if (res.status !== 303) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    return res;
  }
}

export const TEST_PASSWORD = "test-pass-123";

/** Create a user directly with the given roles (and optional department). */
export async function makeUser(t: TestApp, username: string, roles: Role[], departmentId: number | null = null) {
  const { saveUser } = await import("../auth/verbs/save-user.ts");
  return saveUser(
    t.deps.db,
    { kind: "system", job: "test" },
    { username, name: username, roles, password: TEST_PASSWORD, departmentId },
  );
}
