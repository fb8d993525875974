// Shared helpers for the bench scripts: start a server on a fresh data dir, a cookie client.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

export const BUN = join(import.meta.dir, "../node_modules/.bin/bun");
export const MAIN = join(import.meta.dir, "../server/main.ts");

export function freshDir(prefix = "wanmi-bench-") {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Seed a demo county (scale) with `history` historical cases into dir; prints the generator's last line. */
export function seedDemo(dir: string, scale: number, history: number) {
  const t0 = performance.now();
  const seed = Bun.spawnSync([BUN, MAIN, "demo", "--scale", String(scale), "--history", String(history)], {
    env: { PATH: process.env.PATH!, DATA_DIR: dir },
    stdout: "pipe",
    stderr: "pipe",
  });
  if (seed.exitCode !== 0) throw new Error(seed.stderr.toString());
  console.log(seed.stdout.toString().trim().split("\n").at(-1), `(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

export type Server = { proc: Subprocess; base: string; port: number; dir: string; log: string[] };

export async function startServer(
  dir: string,
  opts: { demo?: boolean; port?: number; env?: Record<string, string> } = {},
): Promise<Server> {
  const port = opts.port ?? 20000 + Math.floor(Math.random() * 20000);
  const log: string[] = [];
  const proc = Bun.spawn([BUN, MAIN, "serve", ...(opts.demo ? ["--demo-if-empty"] : [])], {
    env: {
      PATH: process.env.PATH!,
      DATA_DIR: dir,
      PORT: String(port),
      HOST: "127.0.0.1",
      SCHEDULER: "0",
      LOG_LEVEL: "warn",
      ...opts.env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  for (const s of [proc.stdout, proc.stderr])
    (async () => {
      for await (const ch of s as ReadableStream<Uint8Array>) log.push(new TextDecoder().decode(ch));
    })();
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error("server exited: " + log.join(""));
    const ok = await fetch(base + "/healthz")
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { proc, base, port, dir, log };
    await Bun.sleep(100);
  }
  throw new Error("server did not start: " + log.join(""));
}

export class Http {
  jar = new Map<string, string>();
  constructor(public base: string) {}
  private keep(res: Response) {
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(";");
      const i = pair!.indexOf("=");
      const k = pair!.slice(0, i),
        v = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(sc) || v === "") this.jar.delete(k);
      else this.jar.set(k, v);
    }
    return res;
  }
  async req(path: string, init: Omit<RequestInit, "headers"> & { headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return this.keep(await fetch(this.base + path, { ...init, headers, redirect: "manual" }));
  }
  get(path: string, headers: Record<string, string> = {}) {
    return this.req(path, { headers });
  }
  async csrf() {
    if (!this.jar.get("wanmi_csrf")) await (await this.get("/login")).arrayBuffer();
    return this.jar.get("wanmi_csrf")!;
  }
  async post(path: string, form: Record<string, string> | FormData, headers: Record<string, string> = {}) {
    if (form instanceof FormData) {
      if (!form.has("_csrf")) form.set("_csrf", await this.csrf());
      return this.req(path, { method: "POST", body: form, headers });
    }
    const body = new URLSearchParams({ _csrf: await this.csrf(), ...form });
    return this.req(path, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
  }
  async login(username: string, password = "wanmi2026") {
    const r = await this.post("/login", { username, password });
    await r.arrayBuffer();
    if (r.status !== 303) throw new Error(`login ${username}: ${r.status}`);
    return r.headers.get("location")!;
  }
}

export function pct(xs: number[], p: number) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export const PNG_1x1 = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
