// Public surface of the 12345 exchange module (for the cases module).
export { queueOrderMessage, linkOrderToCase, type OutboundKind } from "./verbs/queue-message.ts";
export { orderForCase, orderById, type OrderRow } from "./queries.ts";
