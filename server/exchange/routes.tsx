// 12345 work-order channel: JSON over HTTP with an API key (inbound orders,
// outbound result/rejection/extension by polling), and the admin page for clients.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import type { Actor } from "../core/context.ts";
import { clientByKey, listClients, listOrders, orderByNo, pendingOutbox, type OrderRow } from "./queries.ts";
import { receiveOrder } from "./verbs/receive-order.ts";
import { ackOutbox, queueOrderMessage } from "./verbs/queue-message.ts";
import { createExchangeClient } from "./verbs/create-client.ts";
import { ExchangeAdmin } from "../../views/hotline/exchange.tsx";

export const API = "/api/exchange/12345";

/** The API client from `Authorization: Bearer <key>` or `X-Api-Key`. */
function apiActor(c: Ctx): Extract<Actor, { kind: "api" }> {
  const auth = c.req.header("authorization") ?? "";
  const key = auth.toLowerCase().startsWith("bearer ")
    ? auth.slice(7).trim()
    : (c.req.header("x-api-key") ?? "").trim();
  const client = clientByKey(c.get("deps").db, key);
  if (!client) throw new AppError("unauthorized", "exchange.bad_key", "API 密钥无效或已停用");
  return { kind: "api", clientId: client.id, name: client.name };
}

const orderJson = (o: OrderRow) => ({
  orderNo: o.orderNo,
  status: o.status,
  receivedAt: o.receivedAt,
  reportId: o.reportId,
  caseId: o.caseId,
  updatedAt: o.updatedAt,
});

export const NAV: NavEntry[] = [
  { href: "/admin/exchange", label: "12345 工单接口", group: "系统管理", roles: ["admin"], order: 81 },
];

export function registerExchange(r: Router) {
  r.postNoCsrf(`${API}/orders`, "public", async (c) => {
    const actor = apiActor(c);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError("validation", "exchange.bad_json", "请求体不是有效的 JSON");
    }
    const { order, created } = receiveOrder(c.get("deps").db, actor, body);
    return c.json({ ok: true, created, order: orderJson(order) }, created ? 201 : 200);
  });

  r.get(`${API}/orders/:orderNo`, "public", (c) => {
    const actor = apiActor(c);
    const o = orderByNo(c.get("deps").db, actor.clientId, c.req.param("orderNo") ?? "");
    if (!o) throw NotFound("工单");
    return c.json({ ok: true, order: orderJson(o) });
  });

  r.get(`${API}/outbox`, "public", (c) => {
    const actor = apiActor(c);
    const after = Number(c.req.query("after") ?? 0) || 0;
    const rows = pendingOutbox(c.get("deps").db, actor.clientId, after);
    return c.json({
      ok: true,
      messages: rows.map((m) => ({
        id: m.id,
        orderNo: m.orderNo,
        kind: m.kind,
        createdAt: m.createdAt,
        ...JSON.parse(m.payload),
      })),
    });
  });

  r.postNoCsrf(`${API}/outbox/:id/ack`, "public", (c) => {
    const actor = apiActor(c);
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id <= 0) throw NotFound("消息");
    ackOutbox(c.get("deps").db, actor, id);
    return c.json({ ok: true });
  });

  // ---- admin ---------------------------------------------------------------
  const adminPage = (c: Ctx, o: { key?: string; error?: AppError } = {}) => {
    const { db } = c.get("deps");
    return page(
      c,
      <ExchangeAdmin
        csrf={c.get("csrf")}
        clients={listClients(db)}
        orders={listOrders(db, 50)}
        newKey={o.key}
        error={o.error?.message}
        errors={o.error?.fields}
        api={API}
      />,
      {
        title: "12345 工单接口",
        status: o.error?.status,
      },
    );
  };
  r.get("/admin/exchange", ["admin"], (c) => adminPage(c));
  r.post("/admin/exchange/clients", ["admin"], async (c) => {
    const f = await formFields(c);
    try {
      const { key } = createExchangeClient(c.get("deps").db, requireUser(c), {
        name: f.name ?? "",
        callbackUrl: f.callbackUrl,
      });
      return adminPage(c, { key });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return adminPage(c, { error: e });
      throw e;
    }
  });
  // Staff answer an order (until the case pages do it on 结案/退回/延期).
  r.post("/admin/exchange/orders/:id/:kind", ["admin", "dispatcher", "shift_lead"], async (c) => {
    const kind = c.req.param("kind");
    if (kind !== "result" && kind !== "reject" && kind !== "extension") throw NotFound();
    const f = await formFields(c);
    queueOrderMessage(c.get("deps").db, requireUser(c), {
      orderId: Number(c.req.param("id")),
      kind,
      text: f.text ?? "",
      extendTo: f.extendTo || null,
    });
    return c.redirect("/admin/exchange", 303);
  });
}
