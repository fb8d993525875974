// The module contract: every module under server/ exports one Module from its index.ts,
// and server/app.tsx lists them all in one array and registers them in one loop.
import type { Deps, Router } from "./http.ts";
import type { NavEntry } from "./nav.ts";
import type { CasePanel, Panel, Workbench } from "./workbench.ts";
import type { JobDef } from "./scheduler.ts";

/** What a module's routes may use while registering: the app's wiring, nothing global. */
export type ModuleCtx = { deps: Deps; workbench: Workbench };

/** An administrator setting a module reads (settings table); page: where an administrator edits it, if anywhere. */
export type SettingDef = { key: string; label: string; page?: string };

export type Module = {
  /** Folder name under server/. */
  name: string;
  /** Registers the module's pages and endpoints through the Router: every route names its roles. */
  routes?: (r: Router, ctx: ModuleCtx) => void;
  /** The module's entries in the sidebar, each with the roles that see it. */
  nav?: readonly NavEntry[];
  /** Panels the module adds to other roles' workbenches. */
  panels?: readonly Panel[];
  /** Sections the module adds to the case page (rendered by the cases module, which imports nobody for them). */
  casePanels?: readonly CasePanel[];
  /** The module's scheduled jobs; registered by the app, never from route setup. */
  jobs?: (deps: Deps) => JobDef[];
  /** Administrator settings the module reads, with the page that edits them. */
  settings?: readonly SettingDef[];
  /** Wiring that is neither a route nor a job (bus subscribers), run once per app. */
  start?: (deps: Deps) => void;
};
