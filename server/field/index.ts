// The field app (城管通) for inspectors and patrol supervision.
import type { Module } from "../core/module.ts";
import { registerField, NAV, PANELS } from "./routes.tsx";

export const fieldModule: Module = {
  name: "field",
  routes: (r) => registerField(r),
  nav: NAV,
  panels: PANELS,
};
