// Auth: users and roles, sign-in, sessions, where each role lands.
import type { Module } from "../core/module.ts";
import { registerAuth } from "./routes.tsx";
import { cleanupJob } from "./jobs/cleanup.ts";

export { sessionMiddleware, csrfCookieMiddleware } from "./middleware.ts";
export { landingFor, workbenchPath } from "./landing.ts";

export const authModule: Module = {
  name: "auth",
  routes: (r) => registerAuth(r),
  jobs: (deps) => [cleanupJob(deps.db)],
};
