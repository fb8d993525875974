// The hotline screen pop in headless Chromium: the fake PBX replays the captured answered call,
// the agent's browser shows the caller, the earlier call and case, then the wrap-up form.
import { test, expect } from "bun:test";
import { boot } from "../server/boot.ts";
import { seedDemoAccounts } from "../server/demo/accounts.ts";
import { FakeAmiServer } from "../telephony/testing/fake-ami-server.ts";
import { startHotline } from "../server/hotline/service.ts";
import { setSetting } from "../server/core/settings.ts";
import { tempDir } from "../server/testing/index.ts";
import { hasChromium, serveApp, signIn, shot, useBrowser } from "./harness.ts";

let fake: FakeAmiServer;
let b: ReturnType<typeof boot>;
let agentId: number;

const env = useBrowser(async () => {
  const dir = tempDir("wanmi-e2e-hotline-");
  b = boot({ DATA_DIR: dir, HOST: "127.0.0.1", SCHEDULER: "0" });
  seedDemoAccounts(b.deps.db);
  const db = b.deps.db;
  fake = await FakeAmiServer.start("call-answered", { library: ["queue-status"] });
  for (const [k, v] of Object.entries({
    "ami.host": "127.0.0.1",
    "ami.port": String(fake.port),
    "ami.user": "hotline",
    "ami.secret": "hotline-secret",
    queues: "q12319",
    entry_contexts: "hotline",
  }))
    setSetting(db, `hotline.${k}`, v);
  agentId = (db.sqlite.query("SELECT id FROM users WHERE username = 'hotline'").get() as { id: number }).id;
  const now = new Date().toISOString();
  db.sqlite
    .query(
      "INSERT INTO hotline_agents (user_id, interface, extension, state, state_since, updated_at) VALUES (?, 'Local/agent1@agents', '1001', 'free', ?, ?)",
    )
    .run(agentId, now, now);
  db.sqlite
    .query(
      "INSERT INTO hotline_calls (uniqueid, source, caller_num, status, entered_at, answered_at, ended_at, agent_user_id, talk_seconds, wrapup_code, wrapup_note, wrapup_at, created_at, updated_at) VALUES ('manual-x', 'manual', '13800138000', 'ended', '2026-11-20T02:00:00Z', '2026-11-20T02:00:00Z', '2026-11-20T02:03:00Z', ?, 180, 'complaint', '反映人民路夜间施工噪音', '2026-11-20T02:04:00Z', ?, ?)",
    )
    .run(agentId, now, now);
  const svc = startHotline(b.deps, { clientOptions: { keepaliveMs: 0 } });
  return serveApp(b.app, dir, async () => {
    await svc.stop();
    await fake.close();
  });
});

test.skipIf(!hasChromium)(
  "an answered call pops up on the agent's screen with the caller's history, then asks for a wrap-up",
  async () => {
    const base = env.server.url;
    const db = b.deps.db;
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: "zh-CN" });
    // mark when the desk's event stream delivers its first event: the server has subscribed by then
    await page.addInitScript(() => {
      const Real = window.EventSource;
      window.EventSource = class extends Real {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          if (String(url).endsWith("/hotline/stream"))
            this.addEventListener("connection", () => {
              document.documentElement.dataset.hotlineStream = "open";
            });
        }
      };
    });
    await signIn(page, base, "hotline");
    await page.goto(base + "/hotline");
    await page.waitForSelector("#hotline-conn[data-state=connected]", { timeout: 10_000 });
    await page.waitForSelector("html[data-hotline-stream=open]", { state: "attached", timeout: 10_000 });
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
    expect(row).toMatchObject({ caller_num: "13800138000", agent_user_id: agentId });
  },
  60_000,
);
