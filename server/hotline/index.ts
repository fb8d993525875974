// Public surface of the hotline module.
import type { Module } from "../core/module.ts";
import { registerHotline, NAV, PANELS, CASE_PANELS } from "./routes.tsx";
export { hotlineFor, startHotline, HotlineService, type HotlineBusEvent, type ConnectionState } from "./service.ts";
export { callById, earlierCalls, listCalls, originatesForCase, WRAPUP_CODES, type CallRow } from "./queries.ts";
export { linkCallToReport, linkCallsToCase } from "./verbs/link-report.ts";
export { createReportFromOrder } from "./cases-link.ts";

export const hotlineModule: Module = {
  name: "hotline",
  routes: (r) => registerHotline(r),
  nav: NAV,
  settings: [{ key: "hotline.*", label: "热线与交换机（AMI）", page: "/admin/hotline" }],
  panels: PANELS,
  casePanels: CASE_PANELS,
};
