// Administration: users, departments, scheduled jobs.
import type { Module } from "../core/module.ts";
import { registerAdmin, NAV } from "./routes.tsx";

export const adminModule: Module = {
  name: "admin",
  routes: (r) => registerAdmin(r),
  nav: NAV,
};
