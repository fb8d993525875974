// Home: the landing redirect and the per-role workbench pages.
import type { Module } from "../core/module.ts";
import { registerHome, NAV } from "./routes.tsx";

export const homeModule: Module = {
  name: "home",
  routes: (r, { workbench }) => registerHome(r, workbench),
  nav: NAV,
};
