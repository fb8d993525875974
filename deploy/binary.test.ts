// The compiled binary, copied alone into an empty folder, creates its database,
// migrates and answers /healthz. Slow-ish (compiles): ~2–5 s.
import { test, expect } from "bun:test";
import { mkdtempSync, existsSync, copyFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test("the single binary serves from an empty folder", async () => {
  const build = mkdtempSync(join(tmpdir(), "wanmi-build-"));
  const bin = join(build, "wanmi");
  const b = Bun.spawnSync(["bash", "deploy/build.sh", bin], { stdout: "pipe", stderr: "pipe" });
  expect(b.exitCode, b.stderr.toString()).toBe(0);
  const empty = mkdtempSync(join(tmpdir(), "wanmi-empty-"));
  const alone = join(empty, "wanmi");
  copyFileSync(bin, alone);
  Bun.spawnSync(["chmod", "+x", alone]);
  expect(Bun.spawnSync([alone, "version"], { cwd: empty }).stdout.toString().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = Bun.spawn([alone, "serve"], {
    cwd: empty,
    env: { PATH: process.env.PATH!, DATA_DIR: "data", PORT: String(port), HOST: "127.0.0.1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  try {
    let body: any = null;
    for (let i = 0; i < 100 && !body; i++) {
      await Bun.sleep(100);
      body = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.json())
        .catch(() => null);
    }
    expect(body).toMatchObject({ ok: true, db: "ok" });
    expect(body.migration).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(empty, "data", "wanmi.db"))).toBe(true);
    expect(readdirSync(join(empty, "data")).sort()).toEqual(
      expect.arrayContaining(["backups", "media", "reports", "secrets", "wanmi.db"]),
    );
    const css = await fetch(`http://127.0.0.1:${port}/assets/htmx.min.js`);
    expect(css.status).toBe(200);
    const setup = await fetch(`http://127.0.0.1:${port}/login`, { redirect: "manual" });
    expect(setup.headers.get("location")).toBe("/setup");
  } finally {
    proc.kill();
    await proc.exited;
    for (const d of [build, empty]) rmSync(d, { recursive: true, force: true });
  }
}, 120_000);
