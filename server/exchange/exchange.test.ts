// The 12345 channel through the HTTP API with an API key.
import { describe, expect, test } from "bun:test";
import { testApp, makeUser, Client } from "../testing/index.ts";
import { createExchangeClient } from "./verbs/create-client.ts";
import { queueOrderMessage, linkOrderToCase } from "./verbs/queue-message.ts";
import { orderForCase } from "./queries.ts";

async function setup() {
  const t = testApp();
  const adminId = await makeUser(t, "admin_wu", ["admin"]);
  const admin = {
    kind: "user" as const,
    userId: adminId,
    username: "admin_wu",
    name: "admin_wu",
    roles: ["admin" as const],
    departmentId: null,
  };
  const city = createExchangeClient(t.deps.db, admin, { name: "市12345平台" });
  const other = createExchangeClient(t.deps.db, admin, { name: "邻县" });
  const api = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    t.app.request(`/api/exchange/12345${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${init.key ?? city.key}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  return { t, admin, city, other, api };
}
const order = {
  orderNo: "GD20261123000123",
  callerPhone: "13800138000",
  callerName: "张女士",
  content: "小区门口井盖缺失",
  address: "城关镇人民路 12 号",
};

describe("12345 work-order channel", () => {
  test("an order is received once (resends return the same record); a bad key is refused", async () => {
    const { api, t } = await setup();
    const r1 = await api("/orders", { method: "POST", body: order });
    expect(r1.status).toBe(201);
    expect(await r1.json()).toMatchObject({
      ok: true,
      created: true,
      order: { orderNo: "GD20261123000123", status: "received" },
    });
    const r2 = await api("/orders", { method: "POST", body: order });
    expect(r2.status).toBe(200);
    expect(await r2.json()).toMatchObject({ created: false });
    const n = t.deps.db.sqlite.query("SELECT count(*) AS n FROM exchange_orders").get() as { n: number };
    expect(n.n).toBe(1);
    const bad = await api("/orders", { method: "POST", body: order, key: "wm_wrong" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: "exchange.bad_key" } });
    const invalid = await api("/orders", { method: "POST", body: { orderNo: "X1" } });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.fields.content).toBeTruthy();
  });

  test("result, extension and rejection go out through the outbox, per client, until acknowledged", async () => {
    const { api, t, admin, other } = await setup();
    await api("/orders", { method: "POST", body: order });
    const o = (await (await api(`/orders/${order.orderNo}`)).json()).order;
    expect(o.status).toBe("received");
    // The order became a report (source api) carrying the 12345 number.
    const kase = t.deps.db.sqlite
      .query("SELECT source, description, reporter_phone FROM cases WHERE id = ?")
      .get(o.caseId) as any;
    expect(kase).toMatchObject({
      source: "api",
      reporter_phone: "13800138000",
      description: "【12345 工单 GD20261123000123】小区门口井盖缺失",
    });
    const row = t.deps.db.sqlite.query("SELECT id FROM exchange_orders").get() as { id: number };
    linkOrderToCase(t.deps.db, admin, { orderId: row.id, caseId: 501 });
    expect(orderForCase(t.deps.db, 501)!.orderNo).toBe(order.orderNo);
    queueOrderMessage(t.deps.db, admin, {
      orderId: row.id,
      kind: "extension",
      text: "需协调供水公司",
      extendTo: "2026-11-30T18:00:00+08:00",
    });
    queueOrderMessage(t.deps.db, admin, { orderId: row.id, kind: "result", text: "井盖已补装" });
    expect(() => queueOrderMessage(t.deps.db, admin, { orderId: row.id, kind: "reject", text: "不属本县" })).toThrow(
      "该工单已回单或退单",
    );
    const out = await (await api("/outbox")).json();
    expect(out.messages.map((m: any) => [m.kind, m.orderNo, m.text, m.caseId])).toEqual([
      ["extension", order.orderNo, "需协调供水公司", 501],
      ["result", order.orderNo, "井盖已补装", 501],
    ]);
    expect((await (await api("/outbox", { key: other.key })).json()).messages).toEqual([]);
    expect((await api(`/outbox/${out.messages[0].id}/ack`, { method: "POST", key: other.key })).status).toBe(404);
    expect((await api(`/outbox/${out.messages[0].id}/ack`, { method: "POST" })).status).toBe(200);
    const left = await (await api("/outbox")).json();
    expect(left.messages.map((m: any) => m.kind)).toEqual(["result"]);
    expect((await (await api(`/orders/${order.orderNo}`)).json()).order.status).toBe("result_sent");
  });

  test("the admin page creates a client and shows its key once", async () => {
    const { t } = await setup();
    const c = new Client(t);
    await c.login("admin_wu");
    const r = await c.post("/admin/exchange/clients", { name: "市12345平台二期" });
    expect(r.status).toBe(200);
    const text = await r.text();
    const key = /class="api-key">(wm_[A-Za-z0-9_-]+)</.exec(text)![1]!;
    const ok = await t.app.request("/api/exchange/12345/outbox", { headers: { "x-api-key": key } });
    expect(ok.status).toBe(200);
  });
});
