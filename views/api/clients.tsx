// Admin: API clients with scopes, the push URL for upward reporting, the outbox state.
import { Alert, fmtTime, Badge } from "../ui/index.tsx";

export type ClientRow = {
  id: number;
  name: string;
  key_prefix: string;
  scopes: string[];
  active: number;
  last_used_at: string | null;
};
export type OutboxRow = {
  id: number;
  kind: string;
  ref: string | null;
  status: string;
  attempts: number;
  next_at: string;
  last_error: string | null;
};

export const ClientsPage = (p: {
  csrf: string;
  clients: ClientRow[];
  scopes: Record<string, string>;
  newKey?: string | null;
  error?: string;
  pushUrl: string;
  outbox: OutboxRow[];
}) => (
  <div>
    <div class="page-head">
      <h2>数据交换接口</h2>
      <div class="actions">
        <a href="/api/v1/openapi.json">OpenAPI 文档</a>
      </div>
    </div>
    {p.newKey && (
      <Alert kind="ok">
        新密钥（只显示这一次，请立即复制）：<code id="new-key">{p.newKey}</code>
      </Alert>
    )}
    {p.error && <Alert kind="error">{p.error}</Alert>}
    <table class="table">
      <thead>
        <tr>
          <th>名称</th>
          <th>密钥前缀</th>
          <th>权限范围</th>
          <th>状态</th>
          <th>最近使用</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {p.clients.map((c) => (
          <tr>
            <td>{c.name}</td>
            <td>
              <code>{c.key_prefix}…</code>
            </td>
            <td colspan={3}>
              <form method="post" action={`/admin/api-clients/${c.id}`} class="inline">
                <input type="hidden" name="_csrf" value={p.csrf} />
                {Object.entries(p.scopes).map(([k, v]) => (
                  <label title={k}>
                    <input type="checkbox" name="scopes" value={k} checked={c.scopes.includes(k)} /> {v}{" "}
                  </label>
                ))}
                <label>
                  <input type="checkbox" name="active" value="1" checked={!!c.active} /> 启用
                </label>
                <span class="hint"> {c.last_used_at ? fmtTime(c.last_used_at) : "从未使用"} </span>
                <button type="submit" class="secondary">
                  保存
                </button>
              </form>
            </td>
            <td>{c.active ? <Badge tone="green">启用</Badge> : <Badge tone="grey">停用</Badge>}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <form method="post" action="/admin/api-clients" class="card">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <h3>新增接口客户端</h3>
      <label class="field">
        <span class="label">名称</span>
        <input name="name" required />
      </label>
      <p>
        {Object.entries(p.scopes).map(([k, v]) => (
          <label>
            <input type="checkbox" name="scopes" value={k} /> {v}（{k}）{" "}
          </label>
        ))}
      </p>
      <button type="submit">生成密钥</button>
    </form>
    <form method="post" action="/admin/api-clients/push-url" class="card">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <h3>向上级平台推送</h3>
      <label class="field">
        <span class="label">推送地址（每日导出经发件箱推送，失败自动重试）</span>
        <input name="url" value={p.pushUrl} placeholder="https://…" />
      </label>
      <button type="submit">保存</button>
    </form>
    <h3>发件箱</h3>
    <table class="table">
      <thead>
        <tr>
          <th>#</th>
          <th>类型</th>
          <th>内容</th>
          <th>状态</th>
          <th>尝试次数</th>
          <th>下次尝试</th>
          <th>最近错误</th>
        </tr>
      </thead>
      <tbody>
        {p.outbox.map((o) => (
          <tr>
            <td>{o.id}</td>
            <td>{o.kind}</td>
            <td>{o.ref}</td>
            <td>{o.status === "sent" ? "已送达" : "待发送"}</td>
            <td>{o.attempts}</td>
            <td>{o.status === "pending" ? fmtTime(o.next_at) : ""}</td>
            <td>{o.last_error}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
