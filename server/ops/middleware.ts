// Request id, structured access log, metrics and security headers for every request.
import { clientAddress } from "../core/client-address.ts";
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Env } from "../core/http.ts";
import { requestContext } from "../core/request-context.ts";
import { discardStaged } from "../core/uploads.ts";
import { log } from "./log.ts";
import type { Metrics } from "./metrics.ts";

const RID_OK = /^[A-Za-z0-9._:-]{1,64}$/;

function routeOf(c: Parameters<MiddlewareHandler<Env>>[0]): string {
  const rs = matchedRoutes(c as any).filter((r) => r.method !== "ALL" && r.path !== "*" && r.path !== "/*");
  return rs.length ? rs[rs.length - 1]!.path : "unmatched";
}

/** The address the request came from (X-Forwarded-For only from TRUSTED_PROXIES). */
const ipOf = (c: Parameters<MiddlewareHandler<Env>>[0], proxies: string): string => clientAddress(c, proxies).ip;

export function requestMiddleware(metrics: Metrics, trustedProxies: string): MiddlewareHandler<Env> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && RID_OK.test(incoming) ? incoming : crypto.randomUUID();
    const t0 = performance.now();
    const ctx = {
      requestId,
      ip: ipOf(c, trustedProxies),
      method: c.req.method,
      path: c.req.path,
      userId: null as number | null,
    };
    await requestContext.run(ctx, async () => {
      try {
        await next();
      } finally {
        discardStaged(ctx); // uploads of a refused request never reach DATA_DIR/media
      }
    });
    const ms = performance.now() - t0;
    const status = c.res.status;
    const route = routeOf(c);
    c.header("x-request-id", requestId);
    metrics.observe(c.req.method, route, status, ms / 1000);
    const user = c.get("user");
    if (!c.req.path.startsWith("/assets/") && c.req.path !== "/metrics") {
      log(status >= 500 ? "error" : "info", "request", {
        rid: requestId,
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        ms: Math.round(ms * 10) / 10,
        user: user?.username ?? null,
        ip: ctx.ip,
      });
    }
  };
}

/**
 * Security headers. No inline script anywhere (the layouts load /assets/*.js), so script-src
 * is 'self', without 'unsafe-eval': htmx 4 calls Function() only for hx-on attributes, `js:`
 * values and trigger filters, which no view uses (views stay free of them: the script lives in
 * /assets/*.js); MapLibre GL 6 starts its worker from a blob: URL (worker-src) and evaluates
 * style expressions without eval; ECharts draws without eval. e2e/csp.test.ts walks the pages
 * that load each library and fails on any violation.
 * Styles allow 'unsafe-inline' for style="" attributes in views and map libraries.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

export function securityHeaders(): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get("content-security-policy")) c.header("content-security-policy", CSP);
    c.header("x-content-type-options", "nosniff");
    c.header("permissions-policy", "camera=(self), geolocation=(self), microphone=()");
    c.header("cross-origin-opener-policy", "same-origin");
  };
}
