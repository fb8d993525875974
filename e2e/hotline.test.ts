// The hotline screen pop in headless Chromium: the fake PBX replays the captured answered call,
// the agent's browser shows the caller, the earlier call and case, then the wrap-up form.
import { test, expect } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boot } from "../server/boot.ts";
import { seedDemoAccounts } from "../server/demo/accounts.ts";
import { FakeAmiServer } from "../telephony/testing/fake-ami-server.ts";
import { startHotline } from "../server/hotline/service.ts";
import { setSetting } from "../server/core/settings.ts";
import { hasChromium, launch, signIn, shot } from "./harness.ts";

test.skipIf(!hasChromium)(
  "an answered call pops up on the agent's screen with the caller's history, then asks for a wrap-up",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "wanmi-e2e-hotline-"));
    const b = boot({ DATA_DIR: dir, HOST: "127.0.0.1", SCHEDULER: "0" });
    seedDemoAccounts(b.deps.db);
    const db = b.deps.db;
    const fake = await FakeAmiServer.start("call-answered");
    for (const [k, v] of Object.entries({
      "ami.host": "127.0.0.1",
      "ami.port": String(fake.port),
      "ami.user": "hotline",
      "ami.secret": "hotline-secret",
      queues: "q12319",
      entry_contexts: "hotline",
    }))
      setSetting(db, `hotline.${k}`, v);
    const agent = db.sqlite.query("SELECT id FROM users WHERE username = 'hotline'").get() as { id: number };
    const now = new Date().toISOString();
    db.sqlite
      .query(
        "INSERT INTO hotline_agents (user_id, interface, extension, state, state_since, updated_at) VALUES (?, 'Local/agent1@agents', '1001', 'free', ?, ?)",
      )
      .run(agent.id, now, now);
    db.sqlite
      .query(
        "INSERT INTO hotline_calls (uniqueid, source, caller_num, status, entered_at, answered_at, ended_at, agent_user_id, talk_seconds, wrapup_code, wrapup_note, wrapup_at, created_at, updated_at) VALUES ('manual-x', 'manual', '13800138000', 'ended', '2026-11-20T02:00:00Z', '2026-11-20T02:00:00Z', '2026-11-20T02:03:00Z', ?, 180, 'complaint', '反映人民路夜间施工噪音', '2026-11-20T02:04:00Z', ?, ?)",
      )
      .run(agent.id, now, now);
    const svc = startHotline(b.deps, { clientOptions: { keepaliveMs: 0 } });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: b.app.fetch, idleTimeout: 120 });
    const base = `http://127.0.0.1:${server.port}`;
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: "zh-CN" });
      await signIn(page, base, "hotline");
      await page.goto(base + "/hotline");
      await page.waitForSelector("#hotline-conn[data-state=connected]", { timeout: 10_000 });
      await Bun.sleep(300); // the page's event stream is open
      await fake.play();
      await page.waitForSelector("#screenpop-card", { timeout: 10_000 });
      const pop = (await page.textContent("#screenpop-card"))!.replace(/\s+/g, " ");
      expect(pop).toContain("13800138000");
      expect(pop).toContain("反映人民路夜间施工噪音");
      await shot(page, "hotline-1-screenpop");
      await page.waitForSelector("form.wrapup", { timeout: 10_000 });
      await shot(page, "hotline-2-wrapup");
      const row = db.sqlite
        .query("SELECT caller_num, status, agent_user_id FROM hotline_calls WHERE source <> 'manual'")
        .get() as any;
      expect(row).toMatchObject({ caller_num: "13800138000", agent_user_id: agent.id });
    } finally {
      await browser.close();
      await svc.stop();
      server.stop(true);
      await fake.close();
    }
  },
  60_000,
);
