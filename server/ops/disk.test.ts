import { test, expect } from "bun:test";
import { testApp } from "../testing/index.ts";
import { setSetting } from "../core/settings.ts";

test("/healthz reports free disk of the data dir and turns degraded under the threshold; /metrics exports it", async () => {
  const t = testApp();
  const ok = await (await t.app.request("/healthz")).json();
  expect(ok.status).toBe("ok");
  expect(ok.disk.free_bytes).toBeGreaterThan(0);
  expect(ok.disk.min_free_bytes).toBe(1024 * 1024 * 1024);
  setSetting(t.deps.db, "ops.disk_min_free_mb", String(Math.ceil(ok.disk.free_bytes / 1024 / 1024) + 1024 * 1024));
  const low = await t.app.request("/healthz");
  expect(low.status).toBe(200);
  expect((await low.json()).status).toBe("degraded");
  const m = await (await t.app.request("/metrics")).text();
  expect(m).toMatch(/^wanmi_data_dir_free_bytes \d+$/m);
});
