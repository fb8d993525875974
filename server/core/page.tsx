// Page rendering: the same handler answers htmx with the fragment and a plain
// request with the full page in the role's layout.
import type { Child } from "hono/jsx";
import type { Ctx } from "./http.ts";
import { html, isPartial } from "./http.ts";
import { ROLE_NAMES } from "./context.ts";
import { getSetting } from "./settings.ts";
import { Desk } from "../../views/layouts/desk.tsx";
import { Mobile } from "../../views/layouts/mobile.tsx";
import type { ShellProps } from "../../views/layouts/shell.tsx";
import type { Nav } from "./nav.ts";

let navRef: Nav | null = null;
export const setNav = (n: Nav) => (navRef = n);

export function shellProps(c: Ctx, title: string, current?: string): ShellProps {
  const { db } = c.get("deps");
  const user = c.get("user");
  return {
    title,
    county: getSetting(db, "county.name"),
    user: user ? { name: user.name, roleNames: user.roles.map((r) => ROLE_NAMES[r]) } : null,
    nav: user && navRef ? navRef.for(user.roles) : [],
    csrf: c.get("csrf"),
    current: current ?? c.req.path,
  };
}

export type PageOpts = {
  title: string;
  layout?: "desk" | "mobile" | "bare";
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
  const node =
    o.layout === "mobile" ? (
      <Mobile {...props} back={o.back}>
        {body}
      </Mobile>
    ) : (
      <Desk {...props}>{body}</Desk>
    );
  return html(c, node, o.status ?? 200);
}
