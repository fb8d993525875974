// Issue #15: one 12345 order followed in a real browser from its POST to the 回单: filed by intake,
// dispatched to the town sub-centre, passed down to a sub-unit that has no accounts (the form warns;
// the sub-centre acts for it), disposed with an after-photo, checked by the inspector, closed; the
// reply then waits in the 12345 outbox with the note and the photo, and the order says 已回单.
import { test, expect } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { testApp, TEST_PASSWORD, type TestApp } from "../server/testing/index.ts";
import { world, dept, PNG_1x1, type World } from "../server/cases/fixtures.ts";
import { createExchangeClient } from "../server/exchange/verbs/create-client.ts";
import { loadCase } from "../server/cases/index.ts";
import { hasChromium, serveApp, shot, useBrowser, waitFor } from "./harness.ts";

let t: TestApp;
let w: World;
let key: string;
let emptyUnit: number;
const env = useBrowser(() => {
  t = testApp();
  w = world(t.deps.db);
  emptyUnit = dept(t.deps.db, "CGZ-SR", "城关镇市容所", "unit", w.dept_town); // no accounts at all
  key = createExchangeClient(t.deps.db, w.admin_root, { name: "市12345平台" }).key;
  return serveApp(t.app, t.dir);
});

const ORDER = {
  orderNo: "GD20261201000077",
  callerPhone: "13800138000",
  callerName: "张女士",
  content: "人民路 12 号门口井盖缺失，夜间有人踩空",
  address: "城关镇人民路 12 号",
};

async function as(browser: Browser, url: string, username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${url}/login`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", TEST_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("button[type=submit]")]);
  return page;
}

/** Open the case page, unfold the action, let `fill` set its fields, submit, wait for the new state. */
async function act(page: Page, url: string, id: number, slug: string, state: string, fill?: (f: any) => Promise<void>) {
  await page.goto(`${url}/cases/${id}`);
  const form = page.locator(`form[action="/cases/${id}/${slug}"]`);
  await form.locator("xpath=..").locator("summary").click();
  if (fill) await fill(form);
  await form.locator("button[type=submit]").first().click();
  await waitFor(() => loadCase(t.deps.db, id).state === state, 15_000, `${slug} → ${state}`);
}

test.skipIf(!hasChromium)(
  "a 12345 order goes through dispatcher, a sub-centre's account-less unit and the check to its 回单",
  async () => {
    const url = env.server.url;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${url}/api/exchange/12345${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      });
    expect((await api("/orders", { method: "POST", body: JSON.stringify(ORDER) })).status).toBe(201);
    const id = ((await (await api(`/orders/${ORDER.orderNo}`)).json()) as any).order.caseId as number;

    const intake = await as(env.browser, url, "intake_qian");
    await act(intake, url, id, "file", "filed", (f) =>
      f.locator("select[name=categoryId]").selectOption(String(w.cat_manhole)),
    );
    const dispatcher = await as(env.browser, url, "dispatcher_zhou");
    await act(dispatcher, url, id, "dispatch", "dispatched", (f) =>
      f.locator("select[name=departmentId]").selectOption(String(w.dept_town)),
    );

    const town = await as(env.browser, url, "town_zheng");
    await town.goto(`${url}/cases/${id}`);
    // The sub-unit without accounts is marked, and the form says where its notifications go.
    const option = town.locator(`form[action="/cases/${id}/sub-dispatch"] option[value="${emptyUnit}"]`);
    expect(await option.textContent()).toContain("⚠ 无在岗账号");
    await act(town, url, id, "sub-dispatch", "dispatched", (f) =>
      f.locator("select[name=departmentId]").selectOption(String(emptyUnit)),
    );
    await waitFor(() => loadCase(t.deps.db, id).department_id === emptyUnit, 15_000, "sub-dispatched");
    // Nobody works in the unit: the sub-centre takes it on and reports back with the after-photo.
    await act(town, url, id, "accept", "in_progress");
    await act(town, url, id, "complete", "checking", async (f) => {
      await f.locator("textarea[name=note]").fill("已补装新井盖并设置警示");
      await f.locator("input[name=photos]").setInputFiles({
        name: "after.png",
        mimeType: "image/png",
        buffer: Buffer.from(PNG_1x1),
      });
    });

    await act(intake, url, id, "send-check", "checking", (f) =>
      f.locator("select[name=inspectorId]").selectOption(String(w.inspector_wang.userId)),
    );
    await waitFor(() => loadCase(t.deps.db, id).inspector_id === w.inspector_wang.userId, 15_000, "check task");
    const inspector = await as(env.browser, url, "inspector_wang");
    await act(inspector, url, id, "check", "to_close", async (f) => {
      await f.locator("textarea[name=note]").fill("现场复核，井盖已补装");
      await f
        .locator("input[name=photos]")
        .setInputFiles({ name: "check.png", mimeType: "image/png", buffer: Buffer.from(PNG_1x1) });
    });
    await act(intake, url, id, "close", "closed");

    const out = ((await (await api("/outbox")).json()) as any).messages;
    expect(out.map((m: any) => [m.kind, m.orderNo, m.text, m.caseId, m.photos.length])).toEqual([
      ["result", ORDER.orderNo, "已补装新井盖并设置警示", id, 1],
    ]);
    expect(((await (await api(`/orders/${ORDER.orderNo}`)).json()) as any).order.status).toBe("result_sent");
    // The shift lead sees it on the orders page as answered.
    const lead = await as(env.browser, url, "shiftlead_zhao");
    await lead.goto(`${url}/exchange/orders`);
    const row = lead.locator("tr", { hasText: ORDER.orderNo });
    expect(await row.textContent()).toContain("已回单");
    await intake.goto(`${url}/cases/${id}`);
    await shot(intake, "exchange-loop-closed");
  },
  120_000,
);
