// Public surface of the hotline module.
export { hotlineFor, startHotline, HotlineService, type HotlineBusEvent, type ConnectionState } from "./service.ts";
export { callById, earlierCalls, listCalls, originatesForCase, WRAPUP_CODES, type CallRow } from "./queries.ts";
export { linkCallToReport, linkCallsToCase } from "./verbs/link-report.ts";
