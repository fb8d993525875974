// Props shared by every layout. Views render props only; they never touch the database.
import type { Child } from "hono/jsx";

export type NavItem = { href: string; label: string; group?: string };
export type ShellProps = {
  title: string;
  county: string;
  user: { name: string; roleNames: string[] } | null;
  nav: NavItem[];
  csrf: string;
  current?: string;
  flash?: { kind: "ok" | "error"; text: string } | null;
  head?: Child;
  children?: Child;
};

export const csrfHeaders = (csrf: string) => JSON.stringify({ "X-CSRF-Token": csrf });

/** Hidden CSRF field for classic (non-htmx) form posts. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

export const HtmxConfig = () => (
  <meta name="htmx-config" content='{"defaultTimeout":30000}' />
);
