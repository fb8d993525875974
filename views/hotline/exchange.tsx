// 12345 channel admin page: API clients and received work orders.
import { Field, PageHead, Alert, Badge, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";
import { OrdersTable } from "./exchange-orders.tsx";

export function ExchangeAdmin(p: {
  csrf: string;
  api: string;
  newKey?: string;
  keyNote?: string;
  error?: string;
  errors?: Record<string, string>;
  clients: { id: number; name: string; callbackUrl: string | null; active: number; createdAt: string }[];
  orders: Parameters<typeof OrdersTable>[0]["orders"];
}) {
  const e = p.errors ?? {};
  return (
    <>
      <PageHead title="12345 工单接口" />
      {p.newKey && (
        <Alert kind="ok">
          {p.keyNote ?? "接入方已创建。"}API 密钥（只显示这一次，请妥善转交）：<code class="api-key">{p.newKey}</code>
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
            <th>密钥</th>
          </tr>
        </thead>
        <tbody>
          {p.clients.map((c) => (
            <tr>
              <td>{c.name}</td>
              <td>{c.callbackUrl ?? ""}</td>
              <td>{c.active ? <Badge tone="green">启用</Badge> : <Badge tone="grey">已吊销</Badge>}</td>
              <td>{fmtTime(c.createdAt)}</td>
              <td class="row-actions">
                <form method="post" action={`/admin/exchange/clients/${c.id}/rotate`}>
                  <Csrf token={p.csrf} />
                  <button type="submit" class="secondary">
                    {c.active ? "更换密钥" : "重新启用并生成新密钥"}
                  </button>
                </form>
                {c.active ? (
                  <form method="post" action={`/admin/exchange/clients/${c.id}/revoke`}>
                    <Csrf token={p.csrf} />
                    <button type="submit" class="danger">
                      吊销密钥
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>
        最近工单 <a href="/exchange/orders">全部工单</a>
      </h3>
      <OrdersTable orders={p.orders} empty="尚未收到工单" />
    </>
  );
}
