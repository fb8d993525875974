// Props shared by every layout. Views render props only; they never touch the database.
import type { Child } from "hono/jsx";

export type { ShellProps } from "../../server/core/layout.ts";
export type { NavItem } from "../../server/core/nav.ts";

export const csrfHeaders = (csrf: string) => JSON.stringify({ "X-CSRF-Token": csrf });

/** Hidden CSRF field for classic (non-htmx) form posts. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** The <head> every interactive layout shares: charset, viewport, title, htmx and the app's CSS/JS. */
export const DocHead = (p: { title: string; viewport: string; extra?: Child; head?: Child }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content={p.viewport} />
    {p.extra}
    <title>{p.title}</title>
    <HtmxConfig />
    <link rel="stylesheet" href="/assets/app.css" />
    <script src="/assets/htmx.min.js" defer></script>
    <script src="/assets/app.js" defer></script>
    {p.head}
  </head>
);

export const HtmxConfig = () => <meta name="htmx-config" content='{"defaultTimeout":30000}' />;
