// Public surface of the 12345 exchange module (for the cases module).
import type { Module } from "../core/module.ts";
import { registerExchange, NAV } from "./routes.tsx";
export { queueOrderMessage, linkOrderToCase, type OutboundKind } from "./verbs/queue-message.ts";
export { orderForCase, orderById, type OrderRow } from "./queries.ts";

export const exchangeModule: Module = {
  name: "exchange",
  routes: (r) => registerExchange(r),
  nav: NAV,
};
