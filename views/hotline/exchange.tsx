// 12345 channel admin page: API clients and received work orders.
import { Field, PageHead, Alert, Badge, Empty, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

const STATUS: Record<string, string> = {
  received: "已接收",
  result_sent: "已回单",
  rejected: "已退单",
  extension_requested: "已申请延期",
};

export function ExchangeAdmin(p: {
  csrf: string;
  api: string;
  newKey?: string;
  error?: string;
  errors?: Record<string, string>;
  clients: { id: number; name: string; callbackUrl: string | null; active: number; createdAt: string }[];
  orders: {
    id: number;
    orderNo: string;
    callerPhone: string | null;
    content: string;
    status: string;
    caseId: number | null;
    receivedAt: string;
  }[];
}) {
  const e = p.errors ?? {};
  return (
    <>
      <PageHead title="12345 工单接口" />
      {p.newKey && (
        <Alert kind="ok">
          接入方已创建。API 密钥（只显示这一次，请妥善转交）：<code class="api-key">{p.newKey}</code>
        </Alert>
      )}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <p class="muted">
        接收工单：POST {p.api}/orders（JSON，请求头 Authorization: Bearer 密钥）；回单/退单/延期：GET {p.api}/outbox
        轮询，POST {p.api}/outbox/:id/ack 确认。详见 README。
      </p>
      <form class="card" method="post" action="/admin/exchange/clients">
        <Csrf token={p.csrf} />
        <div class="form-grid">
          <Field label="接入方名称" name="name" error={e.name}>
            <input name="name" required placeholder="市 12345 热线平台" />
          </Field>
          <Field label="回调地址（可选）" name="callbackUrl" error={e.callbackUrl}>
            <input name="callbackUrl" placeholder="https://" />
          </Field>
        </div>
        <button type="submit">新建接入方并生成密钥</button>
      </form>
      <table>
        <thead>
          <tr>
            <th>接入方</th>
            <th>回调地址</th>
            <th>状态</th>
            <th>创建时间</th>
          </tr>
        </thead>
        <tbody>
          {p.clients.map((c) => (
            <tr>
              <td>{c.name}</td>
              <td>{c.callbackUrl ?? ""}</td>
              <td>{c.active ? <Badge tone="green">启用</Badge> : <Badge tone="grey">停用</Badge>}</td>
              <td>{fmtTime(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>最近工单</h3>
      {p.orders.length ? (
        <table>
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
                <td>{o.orderNo}</td>
                <td>{o.callerPhone ?? ""}</td>
                <td>{o.content.slice(0, 60)}</td>
                <td>{STATUS[o.status] ?? o.status}</td>
                <td>{o.caseId ? <a href={`/cases/${o.caseId}`}>#{o.caseId}</a> : ""}</td>
                <td>{fmtTime(o.receivedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>尚未收到工单</Empty>
      )}
    </>
  );
}
