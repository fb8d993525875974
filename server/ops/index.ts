// Operations: request log and metrics, security headers, backups and restore, the self-check.
import type { Module } from "../core/module.ts";
import { registerOps, backupJob, followAmiState, NAV } from "./routes.tsx";

export { requestMiddleware, securityHeaders } from "./middleware.ts";
export { metricsFor } from "./metrics.ts";
export { log, rememberError, recentErrors } from "./log.ts";
export { jobSummary } from "./queries.ts";
export { backupNow } from "./routes.tsx";

export const opsModule: Module = {
  name: "ops",
  routes: (r, { deps }) => registerOps(r, deps),
  nav: NAV,
  settings: [{ key: "ops.metrics_token", label: "监控令牌（/metrics）" }],
  jobs: (deps) => [backupJob(deps)],
  start: followAmiState,
};
