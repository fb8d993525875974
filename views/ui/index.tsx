// Small UI primitives used across modules.
import type { Child } from "hono/jsx";

export const Field = (p: { label: string; name: string; error?: string; hint?: string; children: Child }) => (
  <label class={`field ${p.error ? "has-error" : ""}`}>
    <span class="label">{p.label}</span>
    {p.children}
    {p.hint && !p.error && <small class="hint">{p.hint}</small>}
    {p.error && <small class="error-text">{p.error}</small>}
  </label>
);

export const Alert = (p: { kind: "ok" | "error" | "info"; children: Child }) => (
  <div class={`alert ${p.kind}`}>{p.children}</div>
);

export const Empty = (p: { children: Child }) => <div class="empty">{p.children}</div>;

export const PageHead = (p: { title: string; children?: Child }) => (
  <div class="page-head">
    <h2>{p.title}</h2>
    <div class="actions">{p.children}</div>
  </div>
);

export const Badge = (p: { tone: "green" | "amber" | "red" | "grey" | "blue"; children: Child; title?: string }) => (
  <span class={`badge ${p.tone}`} title={p.title}>
    {p.children}
  </span>
);

/** Numbered pager; keeps the other query parameters. */
export const Pager = (p: { page: number; pages: number; href: (page: number) => string }) =>
  p.pages <= 1 ? null : (
    <nav class="pager">
      {p.page > 1 && <a href={p.href(p.page - 1)}>上一页</a>}
      <span>
        第 {p.page} / {p.pages} 页
      </span>
      {p.page < p.pages && <a href={p.href(p.page + 1)}>下一页</a>}
    </nav>
  );

export const fmtTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "";
