// The 12345 round trip end to end through the HTTP API: an order comes in, its case goes through
// the whole loop on the staff pages, and the 回单 (with the disposal note and after-photo) is waiting
// in the outbox by itself; 退单 and 延期申请 likewise; the orders page, resend, revoke and rotate.
import { describe, expect, test } from "bun:test";
import { testApp, Client, type TestApp } from "../testing/index.ts";
import { world, dept, PNG_1x1, type World } from "../cases/fixtures.ts";
import { createExchangeClient } from "./verbs/create-client.ts";
import { requestExtend, decideExtend } from "../cases/verbs/extend.ts";
import { loadCase } from "../cases/index.ts";

const ORDER = {
  orderNo: "GD20261201000001",
  callerPhone: "13800138000",
  callerName: "张女士",
  content: "小区门口井盖缺失，市民张三反映，身份证号 360121199001011234，电话 13912345678",
  address: "城关镇人民路 12 号",
};

async function setup() {
  const t = testApp();
  const w = world(t.deps.db);
  const { key } = createExchangeClient(t.deps.db, w.admin_root, { name: "市12345平台" });
  const api = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    t.app.request(`/api/exchange/12345${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${init.key ?? key}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const people = new Map<string, Client>();
  const as = async (u: string) => {
    if (!people.has(u)) {
      const cl = new Client(t);
      await cl.login(u);
      people.set(u, cl);
    }
    return people.get(u)!;
  };
  const caseId = async (order = ORDER) => {
    expect((await api("/orders", { method: "POST", body: order })).status).toBe(201);
    return (await (await api(`/orders/${order.orderNo}`)).json()).order.caseId as number;
  };
  return { t, w, key, api, as, caseId };
}

/** A staff form on the case page, multipart (with one photo when asked), as the browser sends it. */
async function act(cl: Client, id: number, slug: string, fields: Record<string, string>, photo = false) {
  const fd = new FormData();
  fd.set("_csrf", await cl.csrf());
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  if (photo) fd.append("photos", new File([PNG_1x1], "after.png", { type: "image/png" }));
  const res = await cl.request(`/cases/${id}/${slug}`, { method: "POST", body: fd });
  if (res.status !== 303) throw new Error(`${slug}: ${res.status} ${(await res.text()).slice(0, 300)}`);
}

async function toDisposed(t: TestApp, w: World, as: (u: string) => Promise<Client>, id: number) {
  await act(await as("intake_qian"), id, "file", { categoryId: String(w.cat_manhole), urgency: "normal" });
  await act(await as("dispatcher_zhou"), id, "dispatch", { departmentId: String(w.dept_town) });
  await act(await as("town_zheng"), id, "sub-dispatch", { departmentId: String(w.dept_town_unit) });
  await act(await as("unit_feng"), id, "accept", {});
  await act(await as("unit_feng"), id, "complete", { note: "已补装新井盖并设置警示" }, true);
  expect(loadCase(t.deps.db, id).state).toBe("checking");
}

describe("12345 round trip", () => {
  test("POST order → case → loop → the 回单 waits in the outbox with note and photo → ack", async () => {
    const { t, w, api, as, caseId } = await setup();
    dept(t.deps.db, "CGZ-SR", "城关镇市容所", "unit", w.dept_town); // a sub-unit without accounts
    const id = await caseId();
    expect((await (await api("/outbox")).json()).messages).toEqual([]);
    await toDisposed(t, w, as, id);
    const intake = await as("intake_qian");
    await act(intake, id, "send-check", { inspectorId: String(w.inspector_wang.userId) });
    await act(await as("inspector_wang"), id, "check", { pass: "1", note: "已复核" }, true);
    expect((await (await api("/outbox")).json()).messages).toEqual([]); // nothing before 结案
    await act(intake, id, "close", {});

    const out = (await (await api("/outbox")).json()).messages;
    expect(out.map((m: any) => [m.kind, m.orderNo, m.text, m.caseId])).toEqual([
      ["result", ORDER.orderNo, "已补装新井盖并设置警示", id],
    ]);
    expect(out[0].photos).toHaveLength(1);
    const other = await t.app.request(out[0].photos[0], { headers: { authorization: `Bearer ${otherKey(t)}` } });
    expect(other.status).toBe(404); // another client cannot fetch it
    const own = await api(out[0].photos[0].replace("/api/exchange/12345", ""));
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect((await (await api(`/orders/${ORDER.orderNo}`)).json()).order.status).toBe("result_sent");
    expect((await api(`/outbox/${out[0].id}/ack`, { method: "POST" })).status).toBe(200);
    expect((await (await api("/outbox")).json()).messages).toEqual([]);

    // The case page shows the order panel; the orders page lists the order; 重发 puts the reply back.
    const lead = await as("shiftlead_zhao");
    const casePage = await (await lead.get(`/cases/${id}`)).text();
    expect(casePage).toContain(`12345 工单 <a href="/exchange/orders/`);
    expect(casePage).toContain("已回单");
    const list = await (await lead.get("/exchange/orders?status=result_sent")).text();
    expect(list).toContain(ORDER.orderNo);
    expect(await (await lead.get("/exchange/orders?status=rejected")).text()).not.toContain(ORDER.orderNo);
    const orderId = /href="\/exchange\/orders\/(\d+)"/.exec(list)![1];
    const detail = await (await lead.get(`/exchange/orders/${orderId}`)).text();
    expect(detail).toContain("已补装新井盖并设置警示");
    expect(detail).toContain("重发");
    const resend = await lead.post(`/exchange/orders/${orderId}/messages/${out[0].id}/resend`);
    expect(resend.status).toBe(303);
    expect((await (await api("/outbox")).json()).messages.map((m: any) => m.id)).toEqual([out[0].id]);
    expect((await (await as("unit_feng")).get("/exchange/orders")).status).toBe(403);
  });

  test("不予立案 → 退单 with the reason; approved 延期 → 延期申请 with the new deadline", async () => {
    const { t, w, api, as, caseId } = await setup();
    const a = await caseId();
    await act(await as("intake_qian"), a, "reject", { note: "不属于城市管理范围，已告知转供电公司" });
    const b = await caseId({ ...ORDER, orderNo: "GD20261201000002" });
    await act(await as("intake_qian"), b, "file", { categoryId: String(w.cat_manhole), urgency: "normal" });
    await act(await as("dispatcher_zhou"), b, "dispatch", { departmentId: String(w.dept_water) });
    await act(await as("water_wu"), b, "accept", {});
    requestExtend(t.deps.db, w.water_wu, { caseId: b, hours: 16, note: "需协调供水公司停水施工" });
    expect((await (await api("/outbox")).json()).messages).toHaveLength(1); // a request alone sends nothing
    decideExtend(t.deps.db, w.dispatcher_zhou, { caseId: b, approve: true });
    const out = (await (await api("/outbox")).json()).messages;
    expect(out.map((m: any) => [m.orderNo, m.kind, m.text])).toEqual([
      [ORDER.orderNo, "reject", "不属于城市管理范围，已告知转供电公司"],
      ["GD20261201000002", "extension", "需协调供水公司停水施工"],
    ]);
    expect(out[1].extendTo).toBe(loadCase(t.deps.db, b).due_at);
    expect((await (await api(`/orders/${ORDER.orderNo}`)).json()).order.status).toBe("rejected");
  });

  test("an administrator revokes and rotates a client's key", async () => {
    const { t, api, key } = await setup();
    const admin = new Client(t);
    await admin.login("admin_root");
    const page = await (await admin.get("/admin/exchange")).text();
    const cid = /\/admin\/exchange\/clients\/(\d+)\/revoke/.exec(page)![1];
    expect((await admin.post(`/admin/exchange/clients/${cid}/revoke`)).status).toBe(303);
    expect((await api("/outbox")).status).toBe(401);
    expect(await (await admin.get("/admin/exchange")).text()).toContain("已吊销");
    const rotated = await (await admin.post(`/admin/exchange/clients/${cid}/rotate`)).text();
    const fresh = /class="api-key">(wm_[A-Za-z0-9_-]+)</.exec(rotated)![1]!;
    expect(fresh).not.toBe(key);
    expect((await api("/outbox", { key: fresh })).status).toBe(200);
    expect((await api("/outbox")).status).toBe(401); // the old key stays dead
    expect(await (await new Client(t).get("/admin/exchange")).status).not.toBe(200);
  });
});

/** A second client's key (to show one client cannot read another's photos). */
function otherKey(t: TestApp) {
  const admin = {
    kind: "user" as const,
    userId: 0,
    username: "x",
    name: "x",
    roles: ["admin" as const],
    departmentId: null,
  };
  return createExchangeClient(t.deps.db, admin, { name: "邻县平台" }).key;
}
