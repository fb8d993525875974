// End-to-end harness: the real server on 127.0.0.1 (its own data dir) and Debian's headless Chromium.
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, afterAll } from "bun:test";
import type { Browser, Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SHOTS = join(import.meta.dir, "out");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

export async function launch(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export type Server = { url: string; dataDir: string; stop: () => Promise<void> };

/** Start `wanmi serve --demo-if-empty` on a random loopback port with a fresh data dir. */
export async function startServer(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), "wanmi-e2e-"));
  const port = 21000 + Math.floor(Math.random() * 20000);
  const proc = Bun.spawn(
    [process.execPath, join(import.meta.dir, "../server/main.ts"), "serve", "--demo-if-empty", ...extraArgs],
    {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", SCHEDULER: "0", ...env },
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(url + "/healthz")
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (proc.exitCode !== null) throw new Error("server exited: " + (await new Response(proc.stderr).text()));
    await Bun.sleep(100);
  }
  return {
    url,
    dataDir,
    stop: async () => {
      proc.kill();
      await proc.exited;
    },
  };
}

export async function signIn(page: Page, url: string, username: string, password = "wanmi2026") {
  await page.goto(url + "/login");
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("button[type=submit]")]);
}

export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** For a test file: the demo server and Chromium started once before its tests and stopped after. */
export function useDemoServer(): { server: Server; browser: Browser } {
  const env = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    if (!hasChromium) return;
    env.server = await startServer();
    env.browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
