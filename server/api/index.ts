// Data exchange API /api/v1, Open311 GeoReport v2 (/open311/v2) (API keys with scopes; no CSRF cookie: machine
// clients), the admin page for keys, the daily upward export and the outbox jobs.
import type { Deps } from "../core/http.ts";
import type { Module } from "../core/module.ts";
import type { JobDef } from "../core/scheduler.ts";
import { runDailyExport, PUSH_URL } from "./jobs/export.ts";
import { drainOutbox } from "./jobs/outbox.ts";
import { registerApi, NAV } from "./routes.tsx";
import { registerOpen311 } from "./open311/routes.ts";

export { authenticate, SCOPES, type Scope } from "./keys.ts";
export { runDailyExport } from "./jobs/export.ts";
export { drainOutbox, backoff } from "./jobs/outbox.ts";

export const apiModule: Module = {
  name: "api",
  routes: (r) => {
    registerApi(r);
    registerOpen311(r);
  },
  nav: NAV,
  settings: [{ key: PUSH_URL, label: "上报推送地址", page: "/admin/api-clients" }],
  jobs: (deps: Deps): JobDef[] => [
    {
      name: "exchange.export",
      title: "每日上报导出（昨日案件与指标）",
      cron: "30 1 * * *",
      run: () => {
        const r = runDailyExport(deps.db, deps.config.dataDir);
        return `导出 ${r.path}，案件 ${r.cases} 件${r.queued ? "，已排入发件箱" : ""}`;
      },
    },
    {
      name: "exchange.outbox",
      title: "发件箱推送（失败自动重试）",
      cron: "* * * * *",
      run: async () => {
        const r = await drainOutbox(deps.db);
        return `送达 ${r.sent}，失败 ${r.failed}，待发送 ${r.pending}`;
      },
    },
  ],
};
