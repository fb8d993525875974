// What a layout receives and how the app hands core/page.tsx the renderer (views/layouts provides it).
import type { Child } from "hono/jsx";
import type { NavItem } from "./nav.ts";

/** Props shared by every layout. */
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

export type LayoutName = "desk" | "mobile";
/** Wraps a page body in a layout. */
export type LayoutRenderer = (layout: LayoutName, props: ShellProps & { back?: string }, body: Child) => Child;
