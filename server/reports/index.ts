export { reportData, lastCompletePeriod, REPORT_NAMES, type ReportKind, type ReportData } from "./data.ts";
export { generateReport, renderReportHtml, printPdf } from "./generate.tsx";
export { runNightly, registerNightly, NIGHTLY_JOB } from "./jobs/nightly.ts";
export { registerReports } from "./routes.tsx";
