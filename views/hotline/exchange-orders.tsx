// 12345 orders for the shift lead: the list (filters, status), one order with its message
// history and 重发, and the order panel shown on the case page.
import { PageHead, Alert, Badge, Empty, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

export const ORDER_STATUS: Record<string, string> = {
  received: "已接收",
  result_sent: "已回单",
  rejected: "已退单",
  extension_requested: "已申请延期",
};
const TONE: Record<string, "green" | "grey" | "blue" | "amber"> = {
  received: "blue",
  result_sent: "green",
  rejected: "grey",
  extension_requested: "amber",
};
export const MESSAGE_KIND: Record<string, string> = { result: "回单", reject: "退单", extension: "延期申请" };

type Order = {
  id: number;
  orderNo: string;
  callerPhone: string | null;
  callerName: string | null;
  content: string;
  address: string | null;
  status: string;
  caseId: number | null;
  receivedAt: string;
  updatedAt: string;
};
type Message = {
  id: number;
  kind: string;
  payload: string;
  createdAt: string;
  ackedAt: string | null;
  attempts: number;
  lastError: string | null;
};

const StatusBadge = (p: { status: string }) => (
  <Badge tone={TONE[p.status] ?? "grey"}>{ORDER_STATUS[p.status] ?? p.status}</Badge>
);

/** Orders as rows: number (to the order page), caller, request, status, case, time. */
export function OrdersTable(p: { orders: Order[]; empty: string }) {
  if (!p.orders.length) return <Empty>{p.empty}</Empty>;
  return (
    <table class="orders">
      <thead>
        <tr>
          <th>工单编号</th>
          <th>来电号码</th>
          <th>诉求</th>
          <th>状态</th>
          <th>案件</th>
          <th>接收时间</th>
        </tr>
      </thead>
      <tbody>
        {p.orders.map((o) => (
          <tr>
            <td>
              <a href={`/exchange/orders/${o.id}`}>{o.orderNo}</a>
            </td>
            <td>{o.callerPhone ?? ""}</td>
            <td>{o.content.slice(0, 60)}</td>
            <td>
              <StatusBadge status={o.status} />
            </td>
            <td>{o.caseId ? <a href={`/cases/${o.caseId}`}>查看案件</a> : ""}</td>
            <td>{fmtTime(o.receivedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OrdersPage(p: { orders: Order[]; status: string; q: string }) {
  return (
    <>
      <PageHead title="12345 工单" />
      <form class="filters" method="get" action="/exchange/orders">
        <select name="status">
          <option value="">全部状态</option>
          {Object.entries(ORDER_STATUS).map(([v, l]) => (
            <option value={v} selected={v === p.status}>
              {l}
            </option>
          ))}
        </select>
        <input name="q" value={p.q} placeholder="工单编号 / 来电号码 / 诉求" />
        <button type="submit">筛选</button>
      </form>
      <OrdersTable orders={p.orders} empty="没有符合条件的工单" />
    </>
  );
}

function Messages(p: { messages: Message[]; csrf: string; orderId: number; canResend: boolean }) {
  if (!p.messages.length) return <p class="muted">尚未向 12345 平台发送回复。</p>;
  return (
    <table class="order-messages">
      <thead>
        <tr>
          <th>类型</th>
          <th>内容</th>
          <th>生成时间</th>
          <th>平台确认</th>
          {p.canResend && <th></th>}
        </tr>
      </thead>
      <tbody>
        {p.messages.map((m) => {
          const body = JSON.parse(m.payload) as { text: string; photos?: string[]; extendTo?: string | null };
          return (
            <tr>
              <td>{MESSAGE_KIND[m.kind] ?? m.kind}</td>
              <td>
                {body.text}
                {body.extendTo && <div class="muted">延期至 {fmtTime(body.extendTo)}</div>}
                {body.photos?.length ? <div class="muted">附处置后照片 {body.photos.length} 张</div> : null}
                {m.lastError && <div class="error">推送失败：{m.lastError}</div>}
              </td>
              <td>{fmtTime(m.createdAt)}</td>
              <td>{m.ackedAt ? fmtTime(m.ackedAt) : <Badge tone="amber">待平台取走</Badge>}</td>
              {p.canResend && (
                <td>
                  {m.ackedAt && (
                    <form method="post" action={`/exchange/orders/${p.orderId}/messages/${m.id}/resend`}>
                      <Csrf token={p.csrf} />
                      <button type="submit" class="secondary">
                        重发
                      </button>
                    </form>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function OrderDetail(p: { order: Order; messages: Message[]; csrf: string; flash?: string }) {
  const o = p.order;
  return (
    <>
      <PageHead title={`12345 工单 ${o.orderNo}`} />
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      <dl class="card kv">
        <dt>状态</dt>
        <dd>
          <StatusBadge status={o.status} />
        </dd>
        <dt>来电人</dt>
        <dd>{[o.callerName, o.callerPhone].filter(Boolean).join(" ") || "—"}</dd>
        <dt>诉求</dt>
        <dd>{o.content}</dd>
        <dt>地址</dt>
        <dd>{o.address ?? "—"}</dd>
        <dt>案件</dt>
        <dd>{o.caseId ? <a href={`/cases/${o.caseId}`}>查看案件</a> : "—"}</dd>
        <dt>接收时间</dt>
        <dd>{fmtTime(o.receivedAt)}</dd>
      </dl>
      <h3>回复记录</h3>
      <Messages messages={p.messages} csrf={p.csrf} orderId={o.id} canResend />
    </>
  );
}

/** On the case page: the 12345 order behind the case and what was sent back. */
export function OrderPanel(p: { order: Order; messages: Message[] }) {
  const o = p.order;
  return (
    <section class="card order-panel">
      <h3>
        12345 工单 <a href={`/exchange/orders/${o.id}`}>{o.orderNo}</a> <StatusBadge status={o.status} />
      </h3>
      <p class="muted">案件结案、不予立案/作废、批准延期时，系统自动向 12345 平台回单、退单或申请延期。</p>
      <Messages messages={p.messages} csrf="" orderId={o.id} canResend={false} />
    </section>
  );
}
