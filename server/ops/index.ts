// Operations: request log and metrics, security headers, backups and restore, the self-check.
import type { Module } from "../core/module.ts";
import { registerOps, backupJob, followAmiState, NAV } from "./routes.tsx";

export { requestMiddleware, securityHeaders } from "./middleware.ts";
export { metricsFor } from "./metrics.ts";
export { diskStatus } from "./disk.ts";
export { log, rememberError, recentErrors } from "./log.ts";
export { jobSummary } from "./queries.ts";
export { backupNow } from "./routes.tsx";

export const opsModule: Module = {
  name: "ops",
  routes: (r, { deps }) => registerOps(r, deps),
  nav: NAV,
  settings: [
    { key: "ops.metrics_token", label: "监控令牌（/metrics）" },
    { key: "ops.disk_min_free_mb", label: "数据目录最少剩余空间（MB，低于此值 /healthz 报 degraded）" },
  ],
  jobs: (deps) => [backupJob(deps)],
  start: followAmiState,
};
