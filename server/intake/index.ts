// Intake: the desk report form (问题上报) and uploaded photos.
import type { Module } from "../core/module.ts";
import { registerIntakeRoutes, NAV } from "./routes.tsx";

export const intakeModule: Module = {
  name: "intake",
  routes: (r) => registerIntakeRoutes(r),
  nav: NAV,
};
