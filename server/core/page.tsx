// Page rendering: the same handler answers htmx with the fragment and a plain
// request with the full page in the role's layout. The layouts themselves live in
// views/layouts; the app puts the renderer (and the nav) on the request context.
import type { Child } from "hono/jsx";
import type { Ctx } from "./http.ts";
import { html, isPartial } from "./http.ts";
import { ROLE_NAMES } from "./context.ts";
import { getSetting } from "./settings.ts";
import type { LayoutName, ShellProps } from "./layout.ts";

export type { LayoutName, LayoutRenderer, ShellProps } from "./layout.ts";

export function shellProps(c: Ctx, title: string, current?: string): ShellProps {
  const { db } = c.get("deps");
  const user = c.get("user");
  const nav = c.get("nav");
  return {
    title,
    county: getSetting(db, "county.name"),
    user: user ? { name: user.name, roleNames: user.roles.map((r) => ROLE_NAMES[r]) } : null,
    nav: user && nav ? nav.for(user.roles) : [],
    csrf: c.get("csrf"),
    current: current ?? c.req.path,
  };
}

export type PageOpts = {
  title: string;
  layout?: LayoutName | "bare";
  /** Rendered instead of the whole body for htmx partial requests. */
  fragment?: Child;
  status?: number;
  current?: string;
  back?: string;
  head?: Child;
  flash?: ShellProps["flash"];
};

export function page(c: Ctx, body: Child, o: PageOpts) {
  if (isPartial(c)) return html(c, o.fragment ?? body, o.status ?? 200);
  const props = { ...shellProps(c, o.title, o.current), head: o.head, flash: o.flash ?? null };
  if (o.layout === "bare") props.nav = [];
  const node = c.get("layout")(o.layout === "mobile" ? "mobile" : "desk", { ...props, back: o.back }, body);
  return html(c, node, o.status ?? 200);
}
