// Per-request context (request id, client address, user) carried through async calls so
// that logs and the security log can say where a change came from without threading it.
import { AsyncLocalStorage } from "node:async_hooks";

export type RequestContext = { requestId: string; ip: string; method: string; path: string; userId?: number | null };

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentRequest = (): RequestContext | undefined => requestContext.getStore();
