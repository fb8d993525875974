// Sign-in and first-run pages.
import { Csrf, HtmxConfig } from "./layouts/shell.tsx";
import { Field, Alert } from "./ui/index.tsx";

const Bare = (p: { title: string; children: any }) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{p.title}</title>
      <HtmxConfig />
      <link rel="stylesheet" href="/assets/app.css" />
    </head>
    <body>{p.children}</body>
  </html>
);

export function LoginPage(p: { county: string; csrf: string; next: string; error?: string; username?: string }) {
  return (
    <Bare title={`登录 · ${p.county}数字城管`}>
      <form class="login-box" method="post" action="/login">
        <h1>
          <span class="logo">万米</span> {p.county}数字城管
        </h1>
        {p.error && <Alert kind="error">{p.error}</Alert>}
        <Csrf token={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <Field label="用户名" name="username">
          <input name="username" autocomplete="username" required autofocus value={p.username ?? ""} />
        </Field>
        <Field label="密码" name="password">
          <input name="password" type="password" autocomplete="current-password" required />
        </Field>
        <button type="submit">登录</button>
      </form>
    </Bare>
  );
}

export function SetupPage(p: {
  county: string;
  csrf: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  error?: string;
}) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <Bare title="首次使用 · 创建管理员">
      <form class="login-box" method="post" action="/setup">
        <h1>首次使用：创建管理员</h1>
        <p class="muted">系统中还没有任何用户。请创建第一个管理员账号，之后用它登录并添加其他用户。</p>
        {p.error && <Alert kind="error">{p.error}</Alert>}
        <Csrf token={p.csrf} />
        <Field label="用户名" name="username" error={e.username}>
          <input name="username" required value={v.username ?? ""} />
        </Field>
        <Field label="姓名" name="name" error={e.name}>
          <input name="name" required value={v.name ?? ""} />
        </Field>
        <Field label="密码（至少 10 位，含三类字符）" name="password" error={e.password}>
          <input name="password" type="password" required />
        </Field>
        <Field label="再次输入密码" name="password2" error={e.password2}>
          <input name="password2" type="password" required />
        </Field>
        <button type="submit">创建管理员</button>
      </form>
    </Bare>
  );
}
