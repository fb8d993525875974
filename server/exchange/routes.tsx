// 12345 work-order channel: JSON over HTTP with an API key (inbound orders,
// outbound result/rejection/extension by polling), and the admin page for clients.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import type { Actor } from "../core/context.ts";
import {
  clientByKey,
  findOrders,
  listClients,
  listOrders,
  messagesOf,
  orderById,
  orderByNo,
  orderForCase,
  pendingOutbox,
  type OrderRow,
} from "./queries.ts";
import { receiveOrder } from "./verbs/receive-order.ts";
import { ackOutbox, queueOrderMessage, resendMessage } from "./verbs/queue-message.ts";
import { revokeClient, rotateClientKey } from "./verbs/client-keys.ts";
import { OrdersPage, OrderDetail, OrderPanel } from "../../views/hotline/exchange-orders.tsx";
import { mediaById } from "../cases/index.ts";
import type { CasePanel } from "../core/workbench.ts";
import { createExchangeClient } from "./verbs/create-client.ts";
import { ExchangeAdmin } from "../../views/hotline/exchange.tsx";

import { API } from "./replies.ts";
export { API };

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

const ORDER_ROLES = ["shift_lead", "dispatcher", "admin"] as const;

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
  { href: "/exchange/orders", label: "12345 工单", group: "热线", roles: ORDER_ROLES, order: 15 },
];

/** The case page's order panel, for cases that came from a 12345 order. */
export const CASE_PANELS: CasePanel[] = [
  {
    order: 10,
    render: (c, _u, caseId) => {
      const db = c.get("deps").db;
      const o = orderForCase(db, caseId);
      return o ? <OrderPanel order={o} messages={messagesOf(db, o.id)} /> : null;
    },
  },
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

  // A photo named in a 回单, for the client whose order it answers.
  r.get(`${API}/orders/:orderNo/photos/:id`, "public", async (c) => {
    const actor = apiActor(c);
    const { db, config } = c.get("deps");
    const o = orderByNo(db, actor.clientId, c.req.param("orderNo") ?? "");
    const m = mediaById(db, Number(c.req.param("id")));
    if (!o || !m || m.case_id !== o.caseId || m.kind !== "after") throw NotFound("照片");
    const file = Bun.file(`${config.dataDir}/media/${m.path}`);
    if (!(await file.exists())) throw NotFound("照片");
    c.header("content-type", m.mime);
    return c.body(new Uint8Array(await file.arrayBuffer()));
  });

  r.postNoCsrf(`${API}/outbox/:id/ack`, "public", (c) => {
    const actor = apiActor(c);
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id <= 0) throw NotFound("消息");
    ackOutbox(c.get("deps").db, actor, id);
    return c.json({ ok: true });
  });

  // ---- admin ---------------------------------------------------------------
  const adminPage = (c: Ctx, o: { key?: string; keyNote?: string; error?: AppError } = {}) => {
    const { db } = c.get("deps");
    return page(
      c,
      <ExchangeAdmin
        csrf={c.get("csrf")}
        clients={listClients(db)}
        orders={listOrders(db, 50)}
        newKey={o.key}
        keyNote={o.keyNote}
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
  r.post("/admin/exchange/clients/:id/revoke", ["admin"], (c) => {
    revokeClient(c.get("deps").db, requireUser(c), Number(c.req.param("id")));
    return c.redirect("/admin/exchange", 303);
  });
  r.post("/admin/exchange/clients/:id/rotate", ["admin"], (c) => {
    const key = rotateClientKey(c.get("deps").db, requireUser(c), Number(c.req.param("id")));
    return adminPage(c, { key, keyNote: "已更换密钥，旧密钥立即失效。" });
  });

  // ---- orders (shift lead) -------------------------------------------------
  r.get("/exchange/orders", ORDER_ROLES, (c) => {
    const status = c.req.query("status") ?? "";
    const q = c.req.query("q") ?? "";
    return page(c, <OrdersPage orders={findOrders(c.get("deps").db, { status, q })} status={status} q={q} />, {
      title: "12345 工单",
    });
  });
  r.get("/exchange/orders/:id", ORDER_ROLES, (c) => {
    const db = c.get("deps").db;
    const o = orderById(db, Number(c.req.param("id")));
    if (!o) throw NotFound("12345 工单");
    const flash = c.req.query("ok") === "resent" ? "已重新放入发件箱，等待平台取走" : undefined;
    return page(c, <OrderDetail order={o} messages={messagesOf(db, o.id)} csrf={c.get("csrf")} flash={flash} />, {
      title: `12345 工单 ${o.orderNo}`,
    });
  });
  r.post("/exchange/orders/:id/messages/:mid/resend", ORDER_ROLES, (c) => {
    const db = c.get("deps").db;
    const o = orderById(db, Number(c.req.param("id")));
    if (!o || !messagesOf(db, o.id).some((m) => m.id === Number(c.req.param("mid")))) throw NotFound("消息");
    resendMessage(db, requireUser(c), Number(c.req.param("mid")));
    return c.redirect(`/exchange/orders/${o.id}?ok=resent`, 303);
  });

  // Staff answer an order by hand (the case steps do it by themselves: replies.ts).
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
