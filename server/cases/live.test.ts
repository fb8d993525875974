// Signal, not noise: after a 409 the case page comes back with the current state and actions;
// the workbench panel is served alone for the live refresh (views/assets/live.js).
import { describe, expect, test } from "bun:test";
import { testApp, Client } from "../testing/index.ts";
import { world } from "./fixtures.ts";
import { createCase } from "./index.ts";
import { fileCase } from "./verbs/file.ts";

async function setup() {
  const t = testApp();
  const w = world(t.deps.db);
  const id = createCase(t.deps.db, w.inspector_wang, {
    source: "inspector",
    description: "东门路井盖缺失",
    address: "东门路 12 号",
    categoryId: w.cat_manhole,
  }).id;
  const intake = new Client(t);
  await intake.login("intake_qian");
  return { t, w, id, intake };
}

describe("live case pages", () => {
  test("a stale htmx form gets the fresh state and actions with the message", async () => {
    const { t, w, id, intake } = await setup();
    fileCase(t.deps.db, w.shiftlead_zhao, { caseId: id }); // someone else files it first
    const res = await intake.post(
      `/cases/${id}/file`,
      { expect: "reported", categoryId: String(w.cat_manhole) },
      { headers: { "hx-request": "true" } },
    );
    expect(res.status).toBe(200); // htmx swaps only 2xx
    expect(res.headers.get("x-wanmi-conflict")).toBe("case.state_changed");
    const html = await res.text();
    expect(html).toContain("已被他人处理");
    expect(html).toContain("已刷新为最新状态");
    expect(html).toContain('name="expect" value="filed"'); // the forms now carry the current state
    expect(html).not.toContain(`action="/cases/${id}/file"`);
    const full = await intake.post(`/cases/${id}/file`, { expect: "reported" });
    expect(full.status).toBe(409);
    expect(await full.text()).toContain("已刷新为最新状态");
  });

  test("the workbench panel is served alone for the live refresh, only to its role", async () => {
    const { intake } = await setup();
    const frag = await intake.get("/cases/panel/intake");
    expect(frag.status).toBe(200);
    const html = await frag.text();
    expect(html).toContain('data-live-src="/cases/panel/intake"');
    expect(html).toContain("东门路井盖缺失");
    expect(html).not.toContain("<html");
    expect((await intake.get("/cases/panel/dispatcher")).status).toBe(404);
    const home = await intake.get("/");
    const desk = home.status === 200 ? home : await intake.get(home.headers.get("location")!);
    expect(await desk.text()).toContain('data-live-src="/cases/panel/intake"');
  });
});

describe("case page people", () => {
  test("an inspector's own report names the reporter and the inspector", async () => {
    const { id, intake } = await setup();
    const html = await (await intake.get(`/cases/${id}`)).text();
    const dd = (label: string) => new RegExp(`<dt>${label}</dt>\\s*<dd>([^<]*)</dd>`).exec(html)?.[1];
    expect(dd("上报人")).toBe("inspector_wang（监督员上报）");
    expect(dd("监督员")).toBe("inspector_wang");
  });
});
