// The 部件 register: components, import from files.
import type { Module } from "../core/module.ts";
import { registerComponents, NAV } from "./routes.tsx";

export const componentsModule: Module = {
  name: "components",
  routes: (r) => registerComponents(r),
  nav: NAV,
};
