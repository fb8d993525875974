import { Field, PageHead, Alert, Badge, Pager, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

export type SettingField = { name: string; label: string; hint: string; value: string; min: number; max: number };

export function SecuritySettingsPage(p: {
  csrf: string;
  fields: SettingField[];
  errors: Record<string, string>;
  error?: string;
  flash?: string;
}) {
  return (
    <>
      <PageHead title="安全设置" />
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action="/security/settings">
        <Csrf token={p.csrf} />
        <div class="form-grid">
          {p.fields.map((f) => (
            <Field label={f.label} name={f.name} hint={f.hint} error={p.errors[f.name]}>
              <input name={f.name} type="number" min={f.min} max={f.max} value={f.value} required />
            </Field>
          ))}
        </div>
        <p class="muted">每次修改均记入安全审计日志（修改人、时间、来源地址、修改前后）。</p>
        <button type="submit">保存</button>
      </form>
    </>
  );
}

export type LogRow = {
  id: number;
  at: string;
  kind: string;
  outcome: string;
  actor: string;
  username: string | null;
  ip: string | null;
  entity: string | null;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  detail: string | null;
};

export function SecurityLogPage(p: {
  rows: LogRow[];
  total: number;
  page: number;
  pages: number;
  kind: string;
  q: string;
  kinds: { value: string; label: string }[];
  kindName: (k: string) => string;
  csvHref: string;
  href: (page: number) => string;
}) {
  return (
    <>
      <PageHead title="安全审计日志">
        <a class="btn secondary" href={p.csvHref}>
          导出 CSV
        </a>
      </PageHead>
      <p class="muted">
        记录所有登录（成功与失败）、退出、权限变更、配置变更、备份与恢复。日志只可追加，任何人（包括管理员）都不能修改或删除。共{" "}
        {p.total} 条。
      </p>
      <form class="filters" method="get">
        <select name="kind">
          <option value="">全部类别</option>
          {p.kinds.map((k) => (
            <option value={k.value} selected={k.value === p.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <input name="q" value={p.q} placeholder="操作人、登录名或地址" />
        <button type="submit" class="secondary">
          查询
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>时间</th>
            <th>类别</th>
            <th>结果</th>
            <th>操作人</th>
            <th>来源地址</th>
            <th>对象</th>
            <th>修改前</th>
            <th>修改后</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.id}</td>
              <td>{fmtTime(r.at)}</td>
              <td>{p.kindName(r.kind)}</td>
              <td>{r.outcome === "ok" ? <Badge tone="green">成功</Badge> : <Badge tone="red">失败</Badge>}</td>
              <td>
                {r.actor}
                {r.username && r.username !== r.actor ? `（${r.username}）` : ""}
              </td>
              <td>
                <code>{r.ip ?? ""}</code>
              </td>
              <td>
                {r.entity ? `${r.entity} ${r.entity_id ?? ""}` : ""}
                {r.detail ? ` ${r.detail}` : ""}
              </td>
              <td class="muted">
                <code>{(r.before ?? "").slice(0, 200)}</code>
              </td>
              <td class="muted">
                <code>{(r.after ?? "").slice(0, 200)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={p.page} pages={p.pages} href={p.href} />
    </>
  );
}

export function ChangePasswordPage(p: {
  csrf: string;
  expired: boolean;
  errors: Record<string, string>;
  error?: string;
  flash?: string;
  policy: string;
}) {
  return (
    <>
      <PageHead title="修改密码" />
      {p.expired && <Alert kind="info">您的密码已过期，请先修改密码再继续使用系统。</Alert>}
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action="/account/password">
        <Csrf token={p.csrf} />
        <Field label="当前密码" name="current" error={p.errors.current}>
          <input type="password" name="current" autocomplete="current-password" required />
        </Field>
        <Field label="新密码" name="password" error={p.errors.password} hint={p.policy}>
          <input type="password" name="password" autocomplete="new-password" required />
        </Field>
        <Field label="再次输入新密码" name="password2" error={p.errors.password2}>
          <input type="password" name="password2" autocomplete="new-password" required />
        </Field>
        <button type="submit">修改密码</button>
      </form>
    </>
  );
}
