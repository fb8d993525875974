// The 部件/事件 category editions and their time limits (分类与时限).
import type { Module } from "../core/module.ts";
import { registerCatalog, NAV } from "./routes.tsx";
export { type CategoryRow, DEFAULT_LIMITS, categoryById, timeLimit } from "./queries.ts";

export const catalogModule: Module = {
  name: "catalog",
  routes: (r) => registerCatalog(r),
  nav: NAV,
};
