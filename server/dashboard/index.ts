// The leader dashboard (驾驶舱).
import type { Module } from "../core/module.ts";
import { registerDashboard, NAV, PANELS } from "./routes.tsx";

export const dashboardModule: Module = {
  name: "dashboard",
  routes: (r) => registerDashboard(r),
  nav: NAV,
  panels: PANELS,
};
