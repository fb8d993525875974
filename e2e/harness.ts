// End-to-end harness: every e2e file gets its server and Debian's headless Chromium from here.
// Servers listen on 127.0.0.1: an in-process app on port 0 (the kernel picks a free port), the real
// `wanmi serve` on a random port, retried when the port is taken. Data dirs are removed on stop.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
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
  "--disable-gpu", // WebGL2 still runs, on SwiftShader
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

/** An in-process app (testApp(), boot()) served on 127.0.0.1 at a port the kernel picks. */
export function serveApp(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  dataDir: string,
  onStop?: () => unknown,
): Server {
  const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch, idleTimeout: 120 });
  return {
    url: `http://127.0.0.1:${s.port}`,
    dataDir,
    stop: async () => {
      s.stop(true);
      await onStop?.();
    },
  };
}

const STARTED = /已启动: (http:\/\/\S+)/;

const randomPort = () => 21000 + Math.floor(Math.random() * 20000);

/**
 * Start `wanmi serve` (with the demo county unless demo: false) on a random loopback port with a fresh
 * data dir (removed by stop()). Ready when the server prints its start line (not when some port
 * answers: it may be another server's); a port already taken makes the server exit, and another is tried.
 */
export async function startServer(
  opts: { demo?: boolean; env?: Record<string, string>; pickPort?: () => number } = {},
): Promise<Server> {
  const { demo = true, env = {}, pickPort = randomPort } = opts;
  const dataDir = mkdtempSync(join(tmpdir(), "wanmi-e2e-"));
  const stderrs: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = pickPort();
    const proc = Bun.spawn(
      [process.execPath, join(import.meta.dir, "../server/main.ts"), "serve", ...(demo ? ["--demo-if-empty"] : [])],
      {
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", SCHEDULER: "0", ...env },
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    const stderr = new Response(proc.stderr).text(); // read to the end, so the pipe never fills
    const url = await startLine(proc.stdout);
    if (url)
      return {
        url,
        dataDir,
        stop: async () => {
          proc.kill();
          await proc.exited;
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    await proc.exited;
    stderrs.push(await stderr);
    if (!/EADDRINUSE|in use/i.test(stderrs.at(-1)!)) break;
  }
  rmSync(dataDir, { recursive: true, force: true });
  throw new Error("server did not start: " + stderrs.join("\n---\n"));
}

/** The URL from the server's start line, or null when its output ends first (it exited). Keeps reading after. */
async function startLine(stdout: ReadableStream<Uint8Array>): Promise<string | null> {
  const reader = stdout.getReader();
  const dec = new TextDecoder();
  let out = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return null;
    out += dec.decode(value, { stream: true });
    const m = STARTED.exec(out);
    if (m) {
      (async () => {
        while (!(await reader.read()).done);
      })();
      return m[1]!;
    }
  }
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

/** Poll a condition on real state (a row written, a process gone) until it holds; throws after timeoutMs. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = "condition") {
  const until = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

/**
 * For a test file: `start` (a server) and Chromium run once before its tests, both stopped after.
 * Without Chromium nothing starts; tests skip with test.skipIf(!hasChromium).
 */
export function useBrowser(start: () => Server | Promise<Server>): { server: Server; browser: Browser } {
  const env = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    if (!hasChromium) return;
    env.server = await start();
    env.browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** For a test file: the demo county on `wanmi serve`, and Chromium. */
export function useDemoServer(): { server: Server; browser: Browser } {
  return useBrowser(() => startServer());
}
