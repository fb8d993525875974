// Desk layout: hotline, supervision and command centres, departments, leaders, admins.
import type { ShellProps } from "./shell.tsx";
import { csrfHeaders, Csrf, DocHead } from "./shell.tsx";

export function Desk(p: ShellProps) {
  const groups = new Map<string, typeof p.nav>();
  for (const n of p.nav) {
    const g = n.group ?? "";
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(n);
  }
  return (
    <html lang="zh-CN">
      <DocHead title={`${p.title} · 万米数字城管`} viewport="width=device-width, initial-scale=1" head={p.head} />
      <body class="desk" hx-headers:inherited={csrfHeaders(p.csrf)}>
        <header class="topbar">
          <a class="brand" href="/">
            <span class="logo">万米</span> {p.county}数字城管
          </a>
          {p.user && (
            <div class="who">
              <span>{p.user.name}</span>
              <span class="muted">（{p.user.roleNames.join("、")}）</span>
              <form method="post" action="/logout" class="inline">
                <Csrf token={p.csrf} />
                <button type="submit" class="link">
                  退出登录
                </button>
              </form>
            </div>
          )}
        </header>
        <div class="frame">
          {p.nav.length > 0 && (
            <nav class="sidebar" aria-label="主菜单">
              {[...groups].map(([g, items]) => (
                <section>
                  {g && <h4>{g}</h4>}
                  <ul>
                    {items.map((n) => (
                      <li>
                        <a href={n.href} class={p.current === n.href ? "active" : ""}>
                          {n.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </nav>
          )}
          <main id="main">
            <div id="flash">{p.flash && <div class={`alert ${p.flash.kind}`}>{p.flash.text}</div>}</div>
            {p.children}
          </main>
        </div>
      </body>
    </html>
  );
}
