// Public surface of the 12345 exchange module (for the cases module).
import type { Module } from "../core/module.ts";
import { registerExchange, NAV, CASE_PANELS } from "./routes.tsx";
import { followCases } from "./replies.ts";
export { queueOrderMessage, linkOrderToCase, type OutboundKind } from "./verbs/queue-message.ts";
export { orderForCase, orderById, type OrderRow } from "./queries.ts";
export { replyFor } from "./replies.ts";

export const exchangeModule: Module = {
  name: "exchange",
  routes: (r) => registerExchange(r),
  nav: NAV,
  casePanels: CASE_PANELS,
  // 结案/不予立案/作废/批准延期 of a 12345 case queue its 回单/退单/延期申请 (replies.ts).
  start: (deps) => followCases(deps.db, deps.bus),
};
