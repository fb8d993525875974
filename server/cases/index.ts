// The cases module's public surface: register pages, panels and the escalation job.
import type { Router, Deps } from "../core/http.ts";
import type { Nav } from "../core/nav.ts";
import type { Workbench } from "../home/routes.tsx";
import { attachBus } from "./events.ts";
import { escalate } from "./jobs/escalate.ts";
import { registerCaseRoutes } from "./routes.tsx";
import { registerIntakeRoutes } from "../intake/routes.tsx";
import { registerNotifyRoutes } from "../notify/routes.tsx";

// The three doors to the timeline (server/cases/README.md), and the bulk door for history.
export { transition, loadCase, type Patch, type TransitionResult } from "./transition.ts";
export { appendNote, importHistory, type NoteInput, type HistoricalCase, type HistoricalEvent } from "./timeline.ts";
export { createCase, type ReportInput } from "./verbs/report.ts";
export type { CaseRow } from "./model.ts";
export type { StoredFile } from "./verbs/common.ts";
export { countdown } from "./model.ts";
export { listCases, caseDetail, timeline } from "./queries.ts";
export { STATES, TRANSITIONS, SOURCES, NOTE_NAMES, type NoteKind, type CaseState } from "./lifecycle.ts";

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
