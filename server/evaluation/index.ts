// Public surface of evaluation, reports and dashboard.
import type { Router, Deps } from "../core/http.ts";
import type { Nav } from "../core/nav.ts";
import type { Workbench } from "../home/routes.tsx";
import { registerEvaluation } from "./routes.tsx";
import { registerReports } from "../reports/routes.tsx";
import { registerNightly } from "../reports/jobs/nightly.ts";
import { registerDashboard } from "../dashboard/routes.tsx";

export {
  evaluate,
  ranking,
  casesBehind,
  evaluateFacts,
  weightsFor,
  minVolume,
  type Evaluation,
  type UnitRow,
} from "./queries.ts";
export { loadFacts, type Fact } from "./facts.ts";
export { SPECS, UNIT_NAMES, type UnitKind } from "./indicators.ts";
export { periodOf, previousPeriod, periodFromQuery, type Period, type PeriodKind } from "./period.ts";
export { fileObjection } from "./verbs/file-objection.ts";
export { decideObjection } from "./verbs/decide-objection.ts";
export { toXlsx, toCsv, type Table } from "./export.ts";

/** Evaluation (综合评价/排名/申诉), reports (报表 + nightly job) and the leader dashboard. */
export function registerEvaluationModules(r: Router, nav: Nav, wb: Workbench, deps: Deps) {
  registerEvaluation(r, nav);
  registerReports(r, nav);
  registerDashboard(r, nav, wb);
  registerNightly(deps);
}
