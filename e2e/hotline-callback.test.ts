// A call-back whose citizen is busy, in headless Chromium: the fake PBX replays the captured
// originate-citizen-busy call. The agent's phone answers (OriginateResponse Success) but the
// citizen's line is busy (DialEnd BUSY): the desk says so over SSE, the call-back stays on the
// list, and the attempt is on the case timeline.
import { test, expect } from "bun:test";
import { boot } from "../server/boot.ts";
import { seedDemoAccounts } from "../server/demo/accounts.ts";
import { FakeAmiServer } from "../telephony/testing/fake-ami-server.ts";
import { startHotline } from "../server/hotline/service.ts";
import { setSetting } from "../server/core/settings.ts";
import { createCase } from "../server/cases/index.ts";
import { tempDir } from "../server/testing/index.ts";
import { hasChromium, serveApp, signIn, shot, useBrowser } from "./harness.ts";

let fake: FakeAmiServer;
let b: ReturnType<typeof boot>;
let caseId: number;
let callId: number;

const env = useBrowser(async () => {
  const dir = tempDir("wanmi-e2e-callback-");
  b = boot({ DATA_DIR: dir, HOST: "127.0.0.1", SCHEDULER: "0" });
  seedDemoAccounts(b.deps.db);
  const db = b.deps.db;
  fake = await FakeAmiServer.start("originate-citizen-busy", { library: ["queue-status"] });
  for (const [k, v] of Object.entries({
    "ami.host": "127.0.0.1",
    "ami.port": String(fake.port),
    "ami.user": "hotline",
    "ami.secret": "hotline-secret",
    queues: "q12319",
    entry_contexts: "hotline",
    originate_context: "outbound-pstn",
  }))
    setSetting(db, `hotline.${k}`, v);
  const agentId = (db.sqlite.query("SELECT id FROM users WHERE username = 'hotline'").get() as { id: number }).id;
  const now = new Date().toISOString();
  db.sqlite
    .query(
      "INSERT INTO hotline_agents (user_id, interface, extension, state, state_since, updated_at) VALUES (?, 'Local/agent1@agents', '1001', 'free', ?, ?)",
    )
    .run(agentId, now, now);
  caseId = createCase(
    db,
    { kind: "user", userId: agentId, username: "hotline", name: "热线", roles: ["hotline"], departmentId: null },
    {
      source: "hotline",
      description: "人民路路灯不亮",
      address: "城关镇人民路 12 号",
      reporterName: "王先生",
      reporterPhone: "13700137000",
    },
  ).id;
  callId = (
    db.sqlite
      .query(
        "INSERT INTO hotline_calls (uniqueid, source, caller_num, queue, status, entered_at, ended_at, abandoned, wait_seconds, end_reason, case_id, callback_due_at, created_at, updated_at) VALUES ('1796111000.1', 'ami', '13700137000', 'q12319', 'ended', ?, ?, 1, 19, 'abandoned', ?, '2099-01-01T00:00:00.000Z', ?, ?) RETURNING id",
      )
      .get(now, now, caseId, now, now) as { id: number }
  ).id;
  const svc = startHotline(b.deps, { clientOptions: { keepaliveMs: 0 } });
  return serveApp(b.app, dir, async () => {
    await svc.stop();
    await fake.close();
  });
});

test.skipIf(!hasChromium)(
  "call-back to a busy citizen: outcome over SSE, the call-back stays open, the attempt is on the case timeline",
  async () => {
    const base = env.server.url;
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: "zh-CN" });
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
    await page.goto(base + "/hotline/abandoned");
    await page.waitForSelector("html[data-hotline-stream=open]", { state: "attached", timeout: 10_000 });
    await page.click(`#call-${callId} button:has-text("回拨")`);
    await page.waitForSelector("[data-outcome=busy]", { timeout: 15_000 });
    expect((await page.textContent("#originate-result"))!).toContain("市民忙线");
    await shot(page, "hotline-callback-1-busy");
    await page.reload();
    const row = (await page.textContent(`#call-${callId}`))!.replace(/\s+/g, " ");
    expect(row).toContain("已回拨 1 次，最近：市民忙线");
    expect(row).not.toContain("已回拨（市民已接听）");
    await page.goto(`${base}/cases/${caseId}`);
    const timeline = (await page.textContent("ol.timeline"))!.replace(/\s+/g, " ");
    expect(timeline).toContain("回访 13700137000：市民忙线");
    await shot(page, "hotline-callback-2-timeline");
    await page.close();
  },
  60_000,
);
