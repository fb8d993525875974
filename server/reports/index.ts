// Reports (日报/周报/月报): generated as HTML and PDF, archived, written nightly.
import type { Module } from "../core/module.ts";
import { registerReports, NAV } from "./routes.tsx";
import { nightlyJob } from "./jobs/nightly.ts";

export { reportData, lastCompletePeriod, REPORT_NAMES, type ReportKind, type ReportData } from "./data.ts";
export { generateReport, renderReportHtml, printPdf } from "./generate.tsx";
export { runNightly, NIGHTLY_JOB } from "./jobs/nightly.ts";
export { type Totals, totalsOf } from "./data.ts";

export const reportsModule: Module = {
  name: "reports",
  routes: (r) => registerReports(r),
  nav: NAV,
  jobs: (deps) => [nightlyJob(deps)],
};
