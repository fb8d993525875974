// The harness itself (no browser needed): a taken port is retried, stop() removes the data dir.
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { startServer } from "./harness.ts";

test("startServer tries another port when the first is taken, and stop() removes its data dir", async () => {
  const squatter = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("not wanmi") });
  const tried: number[] = [];
  const pickPort = () => {
    const port = tried.length ? 21000 + Math.floor(Math.random() * 20000) : squatter.port!;
    tried.push(port);
    return port;
  };
  const server = await startServer({ demo: false, pickPort });
  try {
    expect(tried.length).toBeGreaterThanOrEqual(2);
    expect(tried[0]).toBe(squatter.port!);
    expect(server.url).toBe(`http://127.0.0.1:${tried.at(-1)}`);
    const health = await fetch(server.url + "/healthz").then((r) => r.json());
    expect(health).toMatchObject({ ok: true, db: "ok" });
    expect(existsSync(server.dataDir)).toBe(true);
  } finally {
    await server.stop();
    squatter.stop(true);
  }
  expect(existsSync(server.dataDir)).toBe(false);
}, 120_000);
