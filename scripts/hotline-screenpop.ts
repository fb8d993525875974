// Headless-Chromium check of the hotline screen pop: boots the app on a temp data dir,
// points the AMI settings at the fake PBX replaying call-answered, logs in as the demo
// hotline agent, plays the call and checks the pop and the wrap-up form appear.
// Run: node_modules/.bin/bun scripts/hotline-screenpop.ts  (screenshots in /tmp/hotline-*.png)
import { boot } from "../server/boot.ts";
import { seedDemoAccounts } from "../server/demo/accounts.ts";
import { FakeAmiServer } from "../telephony/testing/fake-ami-server.ts";
import { startHotline } from "../server/hotline/service.ts";
import { setSetting } from "../server/core/settings.ts";
import { chromium } from "playwright-core";

const dir = "/tmp/hl-shot-" + Date.now();
const port = 20000 + Math.floor(Math.random() * 20000);
const b = boot({ DATA_DIR: dir, PORT: String(port), HOST: "127.0.0.1", SCHEDULER: "0" });
seedDemoAccounts(b.deps.db);
const db = b.deps.db;
const fake = await FakeAmiServer.start("call-answered");
for (const [k, v] of Object.entries({ "ami.host": "127.0.0.1", "ami.port": String(fake.port), "ami.user": "hotline", "ami.secret": "hotline-secret", queues: "q12319", entry_contexts: "hotline" })) setSetting(db, `hotline.${k}`, v);
const hotline = db.sqlite.query("SELECT id FROM users WHERE username = 'hotline'").get() as { id: number };
const now = new Date().toISOString();
db.sqlite.query("INSERT INTO hotline_agents (user_id, interface, extension, state, state_since, updated_at) VALUES (?, 'Local/agent1@agents', '1001', 'free', ?, ?)").run(hotline.id, now, now);
// an earlier call from the same number
db.sqlite.query("INSERT INTO hotline_calls (uniqueid, source, caller_num, status, entered_at, answered_at, ended_at, agent_user_id, talk_seconds, wrapup_code, wrapup_note, wrapup_at, created_at, updated_at) VALUES ('manual-x', 'manual', '13800138000', 'ended', '2026-11-20T02:00:00Z', '2026-11-20T02:00:00Z', '2026-11-20T02:03:00Z', ?, 180, 'complaint', '反映人民路夜间施工噪音', '2026-11-20T02:04:00Z', ?, ?)").run(hotline.id, now, now);
const svc = startHotline(b.deps, { clientOptions: { keepaliveMs: 0 } });
const server = Bun.serve({ port, hostname: "127.0.0.1", fetch: b.app.fetch, idleTimeout: 120 });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
const pg = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const base = `http://127.0.0.1:${port}`;
await pg.goto(base + "/login");
await pg.fill("input[name=username]", "hotline");
await pg.fill("input[name=password]", "wanmi2026");
await Promise.all([pg.waitForNavigation(), pg.click("button[type=submit]")]);
await pg.goto(base + "/hotline");
await pg.waitForSelector("#hotline-conn[data-state=connected]", { timeout: 5000 }).catch(() => console.log("conn state not connected:", svc.state));
await Bun.sleep(300);
await fake.play();
await pg.waitForSelector("#screenpop-card", { timeout: 8000 });
const popText = await pg.textContent("#screenpop-card");
console.log("POP:", popText?.replace(/\s+/g, " ").slice(0, 300));
if (!popText?.includes("13800138000") || !popText.includes("反映人民路夜间施工噪音")) throw new Error("screen pop lacks the caller or the earlier call");
await pg.screenshot({ path: "/tmp/hotline-pop.png", fullPage: true });
await Bun.sleep(1500);
await pg.waitForSelector("form.wrapup", { timeout: 8000 });
console.log("OK: screen pop and wrap-up form shown");
await pg.screenshot({ path: "/tmp/hotline-wrapup.png", fullPage: true });
await pg.goto(base + "/hotline/wallboard");
await pg.screenshot({ path: "/tmp/hotline-wallboard.png", fullPage: true });
await browser.close();
await svc.stop();
server.stop(true);
await fake.close();
process.exit(0);
