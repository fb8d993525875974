// Mobile layout: field inspectors (城管通) and citizens. Big touch targets, one column.
import type { ShellProps } from "./shell.tsx";
import { csrfHeaders, DocHead } from "./shell.tsx";

/** The bottom tab bar holds the phone app's own pages only (at most five); desk pages stay in the desk layout. */
export function Mobile(p: ShellProps & { back?: string }) {
  const tabs = p.nav.filter((n) => n.href === "/m" || n.href.startsWith("/m/")).slice(0, 5);
  return (
    <html lang="zh-CN">
      <DocHead
        title={`${p.title} · 城管通`}
        viewport="width=device-width, initial-scale=1, viewport-fit=cover"
        extra={<meta name="theme-color" content="#0b5cad" />}
        head={p.head}
      />
      <body class="mobile" hx-headers:inherited={csrfHeaders(p.csrf)}>
        <header class="m-top">
          {p.back ? (
            <a class="m-back" href={p.back} aria-label="返回">
              ‹
            </a>
          ) : (
            <span class="logo">万米</span>
          )}
          <h1>{p.title}</h1>
          {p.user && (
            <form method="post" action="/logout" class="m-logout">
              <input type="hidden" name="_csrf" value={p.csrf} />
              <button type="submit" class="link">
                退出
              </button>
            </form>
          )}
        </header>
        <main id="main" class="m-main">
          <div id="flash">{p.flash && <div class={`alert ${p.flash.kind}`}>{p.flash.text}</div>}</div>
          {p.children}
        </main>
        {tabs.length > 0 && (
          <nav class="m-tabs">
            {tabs.map((n) => (
              <a href={n.href} class={p.current === n.href ? "active" : ""}>
                {n.label}
              </a>
            ))}
          </nav>
        )}
      </body>
    </html>
  );
}
