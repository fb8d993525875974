// Print layout: A4 reports with the county name and period in the header and page numbers.
import type { Child } from "hono/jsx";

export function Print(p: { title: string; county: string; period?: string; children?: Child; head?: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>{`${p.county} ${p.title}`}</title>
        <link rel="stylesheet" href="/assets/print.css" />
        {p.head}
      </head>
      <body class="print">
        <header class="print-head">
          <div class="county">{p.county}数字化城市管理</div>
          <h1>{p.title}</h1>
          {p.period && <div class="period">{p.period}</div>}
        </header>
        <main>{p.children}</main>
      </body>
    </html>
  );
}
