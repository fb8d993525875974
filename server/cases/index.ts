// The cases module's public surface: register pages, panels and the escalation job.
import type { Router, Deps } from "../core/http.ts";
import type { Nav } from "../core/nav.ts";
import type { Workbench } from "../home/routes.tsx";
import { attachBus } from "./events.ts";
import { escalate } from "./jobs/escalate.ts";
import { registerCaseRoutes } from "./routes.tsx";
import { registerIntakeRoutes } from "../intake/routes.tsx";
import { registerNotifyRoutes } from "../notify/routes.tsx";

export { transition, loadCase } from "./transition.ts";
export { report } from "../intake/verbs/report.ts";
export { countdown } from "./model.ts";
export { listCases, caseDetail, timeline } from "./queries.ts";
export { STATES, TRANSITIONS, SOURCES } from "./lifecycle.ts";

export function registerCases(r: Router, nav: Nav, wb: Workbench, deps: Deps) {
  attachBus(deps.db, deps.bus);
  deps.scheduler.register({
    name: "cases.escalate",
    title: "案件临期预警与超期督办",
    cron: "* * * * *",
    run: () => {
      const { warned, overdue } = escalate(deps.db);
      return `预警 ${warned} 件，超期 ${overdue} 件`;
    },
  });
  registerIntakeRoutes(r, nav);
  registerCaseRoutes(r, nav, wb, deps);
  registerNotifyRoutes(r);
}
