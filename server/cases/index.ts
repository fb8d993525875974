// The cases module's public surface: the lifecycle, the door (transition), queries,
// and the module object (pages, panels, the escalation job, the bus bridge).
import type { Module } from "../core/module.ts";
import { attachBus } from "./events.ts";
import { escalate } from "./jobs/escalate.ts";
import { registerCaseRoutes, NAV, PANELS } from "./routes.tsx";

export { transition, loadCase } from "./transition.ts";
export { report } from "../intake/verbs/report.ts";
export { countdown } from "./model.ts";
export { listCases, caseDetail, timeline } from "./queries.ts";
export { STATES, TRANSITIONS, SOURCES } from "./lifecycle.ts";

export const casesModule: Module = {
  name: "cases",
  routes: (r) => registerCaseRoutes(r),
  nav: NAV,
  panels: PANELS,
  jobs: (deps) => [
    {
      name: "cases.escalate",
      title: "案件临期预警与超期督办",
      cron: "* * * * *",
      run: () => {
        const { warned, overdue } = escalate(deps.db);
        return `预警 ${warned} 件，超期 ${overdue} 件`;
      },
    },
  ],
  start: (deps) => attachBus(deps.db, deps.bus),
};
