// Public surface of evaluation (综合评价, 排名, 申诉).
import type { Module } from "../core/module.ts";
import { onTimeline } from "../cases/index.ts";
import { registerEvaluation, NAV } from "./routes.tsx";
import { onCaseEvent } from "./facts.ts";

// Per-case facts kept by the timeline door, in its transaction (migrations/0130_case_facts.sql).
onTimeline(onCaseEvent);

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
export { loadFacts, refreshFacts, type Fact } from "./facts.ts";
export { SPECS, UNIT_NAMES, type UnitKind } from "./indicators.ts";
export {
  periodOf,
  previousPeriod,
  periodFromQuery,
  localDate,
  localMidnight,
  reportHour,
  type Period,
  type PeriodKind,
} from "./period.ts";
export { fileObjection } from "./verbs/file-objection.ts";
export { decideObjection } from "./verbs/decide-objection.ts";
export { toXlsx, toCsv, type Table } from "./export.ts";
export { EVALUATION_POOL_JOBS } from "./jobs.ts";
export { indicatorTable } from "./tables.ts";
export { SOURCE_NAMES, shTime } from "./tables.ts";
export { liveAttempts, inWin } from "./facts.ts";

export const evaluationModule: Module = {
  name: "evaluation",
  routes: (r) => registerEvaluation(r),
  nav: NAV,
  settings: [
    { key: "eval.weights.*", label: "评价权重", page: "/evaluation/settings" },
    { key: "eval.min_volume", label: "最小样本数", page: "/evaluation/settings" },
    { key: "eval.public_sources", label: "监督举报来源（逗号分隔，默认 citizen,hotline,media）" },
    { key: "reports.hour", label: "报表生成时间", page: "/evaluation/settings" },
  ],
};
