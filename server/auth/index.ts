// Auth: users and roles, sign-in, sessions, where each role lands.
import type { Module } from "../core/module.ts";
import { registerAuth } from "./routes.tsx";
import { cleanupJob } from "./jobs/cleanup.ts";
import { registerPassword, PASSWORD_NAV } from "./password.tsx";

export { sessionMiddleware, csrfCookieMiddleware } from "./middleware.ts";
export { landingFor, workbenchPath } from "./landing.ts";
export { actorFor, countUsers, listUsers, rolesOf, userById, userByUsername } from "./queries.ts";
export { hashPassword, saveUser } from "./verbs/save-user.ts";
export { clientIp } from "./routes.tsx";

export const authModule: Module = {
  name: "auth",
  routes: (r) => {
    registerAuth(r);
    registerPassword(r);
  },
  nav: PASSWORD_NAV,
  jobs: (deps) => [cleanupJob(deps.db)],
};
